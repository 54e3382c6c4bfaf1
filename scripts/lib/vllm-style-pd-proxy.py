"""A prefill/decode proxy built the way vLLM's reference disaggregated-prefill example proxy is, for
scripts/bench-proxy's `vllm-style-pd` row: the issue's target is Baton's NIXL P/D at 30x its
requests/s. Our own code, with the reference's behaviour and stack:

- a Quart app served by Quart's own `app.run` (Hypercorn, one process, one asyncio loop; Quart writes
  an access line per request to stdout, as the reference does when run as documented);
- for each completion: POST the request to the prefill worker with max_tokens 1, not streamed, and
  the NIXL kv_transfer_params asking for a remote decode; wait for its JSON answer; then POST the
  original request, with the prefill answer's kv_transfer_params, to the decode worker and stream
  its answer back as it comes, in chunks of up to 1 KB, with aiohttp;
- a new aiohttp ClientSession (so a new connection) for every call to a worker, as the reference
  does: no connection to a worker is reused between requests.

Run with Debian's python3 (python3-quart, python3-aiohttp):
  python3 vllm-style-pd-proxy.py --port PORT --prefill http://HOST:PORT --decode http://HOST:PORT
"""
import argparse

import aiohttp
from quart import Quart, make_response, request

# The reference allows a worker call six hours.
WORKER_TIMEOUT = aiohttp.ClientTimeout(total=6 * 60 * 60)
# What a NIXL prefill request carries: "keep the KV blocks for a decode elsewhere".
PREFILL_KV_PARAMS = {
    "do_remote_decode": True,
    "do_remote_prefill": False,
    "remote_engine_id": None,
    "remote_block_ids": None,
    "remote_host": None,
    "remote_port": None,
}


def create_app(prefill_url, decode_url):
    app = Quart(__name__)

    async def prefill(path, body):
        leg = dict(body, max_tokens=1, stream=False, kv_transfer_params=PREFILL_KV_PARAMS)
        if "max_completion_tokens" in leg:
            leg["max_completion_tokens"] = 1
        leg.pop("stream_options", None)
        async with aiohttp.ClientSession(timeout=WORKER_TIMEOUT) as session:
            async with session.post(prefill_url + path, json=leg) as answer:
                answer.raise_for_status()
                return await answer.json()

    async def decode(path, body):
        async with aiohttp.ClientSession(timeout=WORKER_TIMEOUT) as session:
            async with session.post(decode_url + path, json=body) as answer:
                async for chunk in answer.content.iter_chunked(1024):
                    yield chunk

    async def complete():
        body = await request.get_json()
        prefilled = await prefill(request.path, body)
        leg = dict(body, kv_transfer_params=prefilled.get("kv_transfer_params"))
        response = await make_response(decode(request.path, leg))
        # A streamed answer may last longer than Quart's default response timeout.
        response.timeout = None
        return response

    app.add_url_rule("/v1/completions", "completions", complete, methods=["POST"])
    app.add_url_rule("/v1/chat/completions", "chat_completions", complete, methods=["POST"])
    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--prefill", required=True, help="prefill worker's base URL")
    parser.add_argument("--decode", required=True, help="decode worker's base URL")
    args = parser.parse_args()
    # The code reloader is a development aid (it polls the source files every second): off.
    create_app(args.prefill, args.decode).run(host=args.host, port=args.port, use_reloader=False)


if __name__ == "__main__":
    main()
