package io.chartbridge.connector.fixedwidth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;

/**
 * One line of a fixed-width file, cut at positions counted in the layout's units: Unicode characters (code points,
 * so a character outside the Basic Multilingual Plane counts once, as in the file) or bytes of the file's encoding.
 */
abstract class FixedWidthLine {

    /** The line's length in the layout's units. */
    abstract int length();

    /** The text from 0-based {@code from} (inclusive) to {@code to} (exclusive); null when bytes cut a character. */
    abstract String field(int from, int to);

    static FixedWidthLine ofCharacters(String line) {
        if (!hasSurrogates(line)) {
            return new FixedWidthLine() {
                @Override
                int length() {
                    return line.length();
                }

                @Override
                String field(int from, int to) {
                    return line.substring(from, to);
                }
            };
        }
        return new FixedWidthLine() {
            @Override
            int length() {
                return line.codePointCount(0, line.length());
            }

            @Override
            String field(int from, int to) {
                int start = line.offsetByCodePoints(0, from);
                return line.substring(start, line.offsetByCodePoints(start, to - from));
            }
        };
    }

    /**
     * The line's bytes in the file's encoding: the decoded line encodes back to exactly the bytes read, since the
     * encodings offered (UTF-8, ISO-8859-1, windows-1252) map each valid byte sequence to one character sequence.
     */
    static FixedWidthLine ofBytes(String line, Charset charset) {
        byte[] bytes = line.getBytes(charset);
        return new FixedWidthLine() {
            @Override
            int length() {
                return bytes.length;
            }

            @Override
            String field(int from, int to) {
                try {
                    return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
                } catch (CharacterCodingException e) {
                    return null;
                }
            }
        };
    }

    private static boolean hasSurrogates(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isSurrogate(line.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
