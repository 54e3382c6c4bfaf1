package dev.baton.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {
  private final JsonBodies three = new JsonBodies(3);

  @Test
  void objectsAndArraysCountTowardsTheDepth() throws Exception {
    assertThat(three.read("{\"a\":[{\"b\":1}]}".getBytes()).get("a").get(0).get("b").asInt())
        .isEqualTo(1);
    assertThatThrownBy(() -> three.read("{\"a\":[{\"b\":[1]}]}".getBytes()))
        .isInstanceOf(JsonBodies.TooDeep.class)
        .hasMessage("JSON nesting deeper than 3");
    assertThatThrownBy(() -> three.read("[[[{}]]]".getBytes()))
        .isInstanceOf(JsonBodies.TooDeep.class);
  }

  @Test
  void tooDeepIsFoundBeforeALaterSyntaxErrorAndAfterAnEarlierOne() {
    assertThatThrownBy(() -> three.read("[[[[[[ oops".getBytes()))
        .isInstanceOf(JsonBodies.TooDeep.class);
    assertThatThrownBy(() -> three.read("[oops [[[[[[".getBytes()))
        .isInstanceOf(JacksonException.class).isNotInstanceOf(JsonBodies.TooDeep.class);
  }

  @Test
  void malformedBodiesAndOtherConstraintsKeepJacksonsError() {
    assertThatThrownBy(() -> three.read("not json".getBytes()))
        .isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> three.read("{\"a\":1} x".getBytes()))
        .as("trailing tokens").isInstanceOf(JacksonException.class);
    // A number past Jackson's length limit (1,000 digits), shallow: not a depth error.
    assertThatThrownBy(() -> three.read(("{\"a\":" + "9".repeat(1_001) + "}").getBytes()))
        .isInstanceOf(StreamConstraintsException.class)
        .isNotInstanceOf(JsonBodies.TooDeep.class);
  }

  @Test
  void anEmptyBodyHoldsNoValue() throws Exception {
    assertThat(three.read(new byte[0])).isNull();
    assertThat(three.read(" \n".getBytes())).isNull();
  }
}
