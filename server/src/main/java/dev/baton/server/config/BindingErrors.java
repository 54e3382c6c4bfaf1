package dev.baton.server.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns Jackson's binding exceptions into what an operator needs: the key path in the form the
 * documentation uses, and a message that says what was expected rather than which Java type failed.
 */
final class BindingErrors {

  private BindingErrors() {}

  /** The key path of the failure, e.g. {@code pools[0].endpoints[1].role}; empty for the root. */
  static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** What is wrong, for a person who wrote the file. */
  static String message(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      List<String> known = u.getKnownPropertyIds() == null ? List.of()
          : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
      return "unknown key `" + u.getPropertyName() + "`"
          + (known.isEmpty() ? "" : " (known here: " + String.join(", ", known) + ")");
    }
    // A record's own range check (IllegalArgumentException) reads better than Jackson's wrapper.
    if (e.getCause() instanceof IllegalArgumentException iae) {
      return iae.getMessage();
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
        && mismatch.getTargetType() != Duration.class) {
      String got = e instanceof InvalidFormatException bad ? ", got `" + bad.getValue() + "`" : "";
      return "expected " + expected(mismatch.getTargetType()) + got;
    }
    return e.getOriginalMessage();
  }

  /** What a value of the type looks like in YAML, for a person who wrote the wrong thing. */
  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number (unquoted)";
    }
    if (type == Double.class || type == double.class || type == Float.class) {
      return "a number (unquoted)";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false (unquoted)";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object constant : type.getEnumConstants()) {
        names.add(((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT));
      }
      return "one of " + String.join(", ", names);
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a mapping of keys (" + type.getSimpleName().replace("Config", "") + ")";
  }
}
