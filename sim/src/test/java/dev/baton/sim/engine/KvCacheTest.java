package dev.baton.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The block pool: reference counts, hittable free blocks and least-recently-freed eviction. */
class KvCacheTest {

  @Test
  void freedBlocksStayHittableUntilEvictedLeastRecentlyFreedFirst() {
    KvCache kv = new KvCache(3, 16);
    int a = kv.allocate();
    int b = kv.allocate();
    kv.publish(a, 111L);
    kv.publish(b, 222L);
    kv.release(b);
    kv.release(a); // a was freed last: it is evicted last
    assertThat(kv.usedBlocks()).isZero();
    assertThat(kv.lookup(111L)).isEqualTo(a);
    assertThat(kv.lookup(222L)).isEqualTo(b);

    int fresh = kv.allocate(); // the never-used block goes first
    assertThat(fresh).isNotIn(a, b);
    assertThat(kv.allocate()).isEqualTo(b); // then the least recently freed, evicting 222
    assertThat(kv.lookup(222L)).isEqualTo(-1);
    assertThat(kv.lookup(111L)).isEqualTo(a);
  }

  @Test
  void touchingACachedFreeBlockTakesItOffTheFreeList() {
    KvCache kv = new KvCache(2, 16);
    int a = kv.allocate();
    kv.publish(a, 7L);
    kv.release(a);
    assertThat(kv.isFree(a)).isTrue();
    kv.touch(a);
    assertThat(kv.isFree(a)).isFalse();
    assertThat(kv.freeBlocks()).isEqualTo(1);
    int other = kv.allocate();
    assertThat(other).isNotEqualTo(a);
    assertThatThrownBy(kv::allocate).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sharedBlocksNeedEveryReferenceReleased() {
    KvCache kv = new KvCache(1, 16);
    int a = kv.allocate();
    kv.touch(a);
    kv.release(a);
    assertThat(kv.usedBlocks()).isEqualTo(1);
    kv.release(a);
    assertThat(kv.usedBlocks()).isZero();
    assertThatThrownBy(() -> kv.release(a)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void chainedHashesDependOnTheParent() {
    int[] tokens = {1, 2, 3, 4};
    long first = KvCache.chain(0, tokens, 0, 2);
    assertThat(KvCache.chain(first, tokens, 2, 4)).isNotEqualTo(KvCache.chain(0, tokens, 2, 4));
    assertThat(KvCache.chain(0, tokens, 0, 2)).isEqualTo(first);
  }
}
