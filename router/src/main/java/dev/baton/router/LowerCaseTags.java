package dev.baton.router;

import java.util.Locale;

/** The {@link LowerCaseTag#tag()}s of each enum, by ordinal, computed on first use. */
final class LowerCaseTags {
  private static final ClassValue<String[]> TAGS = new ClassValue<>() {
    @Override
    protected String[] computeValue(Class<?> type) {
      // A constant with a body is an anonymous subclass of its enum: the enum holds the constants.
      Class<?> enumType = type;
      while (enumType != null && !enumType.isEnum()) {
        enumType = enumType.getSuperclass();
      }
      if (enumType == null) {
        throw new IllegalStateException(type + " is a LowerCaseTag but not an enum");
      }
      Object[] constants = enumType.getEnumConstants();
      String[] tags = new String[constants.length];
      for (int i = 0; i < constants.length; i++) {
        tags[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
      }
      return tags;
    }
  };

  private LowerCaseTags() {}

  static String[] of(Class<?> type) {
    return TAGS.get(type);
  }
}
