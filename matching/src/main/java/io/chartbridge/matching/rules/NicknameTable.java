package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecordReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Names that stand for each other (William, Bill, Will). Read from a two-column CSV {@code name,nickname}; a
 * nickname shared by two formal names (Pat: Patrick, Patricia) links each of them, but the two formal names are not
 * linked to each other through it.
 */
public final class NicknameTable {

    private final Map<String, Set<String>> groupsByName = new HashMap<>();
    /** The pairs as read, to write the table beside fitted rules. */
    private final List<String> lines = new ArrayList<>();

    public static NicknameTable empty() {
        return new NicknameTable();
    }

    public static NicknameTable read(Reader reader) throws IOException {
        NicknameTable table = new NicknameTable();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int lineNo = 0;
        while ((line = lines.readLine()) != null) {
            lineNo++;
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || (lineNo == 1 && trimmed.startsWith("name,"))) {
                continue;
            }
            String[] cols = trimmed.split(",");
            if (cols.length != 2) {
                throw new IOException("nickname table line " + lineNo + ": expected two columns name,nickname");
            }
            String formal = PatientRecordReader.normaliseName(cols[0]);
            String nick = PatientRecordReader.normaliseName(cols[1]);
            if (formal == null || nick == null) {
                throw new IOException("nickname table line " + lineNo + ": empty name");
            }
            table.lines.add(trimmed);
            table.groupsByName.computeIfAbsent(formal, k -> new HashSet<>()).add(formal);
            table.groupsByName.computeIfAbsent(nick, k -> new HashSet<>()).add(formal);
        }
        return table;
    }

    /** True when one is a nickname of the other or both are nicknames of the same formal name. */
    public boolean sameName(String a, String b) {
        Set<String> ga = groupsByName.get(a);
        Set<String> gb = groupsByName.get(b);
        if (ga == null || gb == null) {
            return false;
        }
        for (String g : ga) {
            if (gb.contains(g)) {
                return true;
            }
        }
        return false;
    }

    public void write(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("name,nickname");
        out.addAll(lines);
        Files.write(file, out, StandardCharsets.UTF_8);
    }

    public int size() {
        return groupsByName.size();
    }
}
