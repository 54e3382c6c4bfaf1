# shared-prefix + multi-turn trace for docs/tuning.md: 70 conversations over 6 shared 512-token
# contexts, 3 to 8 turns each, 1.5 to 6 s apart; python3 make-trace.py 7 > shared-prefix-multi-turn.jsonl
import json, random, sys
rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
B = 64
systems = [[1000 * (s + 1) + b for b in range(8)] for s in range(6)]   # 6 shared 512-token contexts
recs = []
t = 0.0
nid = 10**6
for sess in range(70):
    t += rnd.expovariate(1 / 0.9)            # a new conversation every ~0.9 s
    sysb = systems[rnd.choice([0, 0, 1, 1, 2, 3, 4, 5])]
    chain = list(sysb)
    at = t
    for turn in range(rnd.randint(3, 8)):
        for _ in range(rnd.randint(1, 3)):     # the user's turn (and the previous answer)
            nid += 1
            chain.append(nid)
        prompt = len(chain) * B - rnd.randint(0, B - 1)
        recs.append({"arrival_ms": round(at * 1000, 1), "prompt_tokens": prompt, "block_tokens": B,
                     "hash_ids": list(chain), "output_tokens": rnd.randint(24, 160), "stream": True,
                     "session": "c%d" % sess})
        at += rnd.uniform(1.5, 6)
recs.sort(key=lambda r: r["arrival_ms"])
for r in recs:
    print(json.dumps(r))
