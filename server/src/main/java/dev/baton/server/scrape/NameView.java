package dev.baton.server.scrape;

/**
 * A reusable ASCII window on the parser's buffer, so that asking a handler "do you want this
 * sample?" allocates nothing for the many lines whose answer is no.
 */
final class NameView implements CharSequence {
  private byte[] bytes;
  private int offset;
  private int length;

  NameView of(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.offset = start;
    this.length = end - start;
    return this;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return (char) (bytes[offset + index] & 0xff);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return TextFormatTokens.ascii(bytes, offset + start, offset + end);
  }

  @Override
  public String toString() {
    return TextFormatTokens.ascii(bytes, offset, offset + length);
  }
}
