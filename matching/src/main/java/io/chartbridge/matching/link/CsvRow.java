package io.chartbridge.matching.link;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 rows: a field holding a comma, quote or line break is quoted, quotes doubled. Commons CSV would do, but its
 * annotations break this module's warning-free build, and the link output needs only this.
 */
final class CsvRow {

    private CsvRow() {
    }

    static void write(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(quote(fields.get(i)));
        }
        w.write('\n');
    }

    static String quote(String s) {
        if (s == null) {
            return "";
        }
        boolean needs = false;
        for (int i = 0; i < s.length() && !needs; i++) {
            char c = s.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
