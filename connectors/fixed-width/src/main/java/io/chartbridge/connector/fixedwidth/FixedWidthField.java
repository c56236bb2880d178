package io.chartbridge.connector.fixedwidth;

/**
 * One field of a fixed-width layout.
 *
 * @param name   the path a mapping uses for it
 * @param offset 0-based index of its first character
 * @param length number of characters
 */
public record FixedWidthField(String name, int offset, int length) {

    public int end() {
        return offset + length;
    }
}
