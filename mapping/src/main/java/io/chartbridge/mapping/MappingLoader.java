package io.chartbridge.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.mapping.spec.MappingSpecReader;
import io.chartbridge.mapping.spec.YamlKeyLocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and checks a mapping file. Every problem is found here, before any data is read, and reported as one line
 * {@code file:line: what is wrong}.
 */
public final class MappingLoader {

    private MappingLoader() {
    }

    /**
     * @param ids derives the ids of the resources the mapping produces (the project's secret: {@code ProjectIds})
     * @return the compiled mapping, ready for use on any number of threads
     * @throws FatalSetupException with the first problem (and how many more there are) when the file is not valid
     */
    public static DeclarativeMapping load(Path mappingFile, DeterministicIds ids) {
        Result result = read(mappingFile, java.util.Objects.requireNonNull(ids, "ids"));
        if (!result.problems().isEmpty()) {
            List<String> problems = result.problems();
            String more = problems.size() == 1 ? "" : " (and " + (problems.size() - 1)
                    + " more problem" + (problems.size() == 2 ? "" : "s") + "; 'map --check' lists them all)";
            throw new FatalSetupException(problems.get(0) + more);
        }
        return result.mapping();
    }

    /** Every problem of the file, one line each; empty when the file is valid. Never throws for a bad file. */
    public static List<String> check(Path mappingFile) {
        // A check maps nothing, so it needs no id secret: the compiled mapping is thrown away.
        return read(mappingFile, null).problems();
    }

    private record Result(DeclarativeMapping mapping, List<String> problems) {
    }

    private static Result read(Path file, DeterministicIds ids) {
        Problems problems = new Problems(file);
        if (!Files.isRegularFile(file)) {
            problems.add(0, "mapping file not found");
            return new Result(null, problems.list());
        }
        MappingSpecReader.Parsed parsed;
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
            if (yaml.startsWith("\uFEFF")) {
                yaml = yaml.substring(1); // byte order mark written by some Windows editors
            }
        } catch (IOException e) {
            problems.add(0, "cannot read the mapping file: " + e.getMessage());
            return new Result(null, problems.list());
        }
        try {
            parsed = MappingSpecReader.read(yaml);
        } catch (JsonProcessingException e) {
            problems.addLocated(describe(file, yaml, e));
            return new Result(null, problems.list());
        } catch (IOException e) {
            problems.add(0, "cannot read the mapping file: " + e.getMessage());
            return new Result(null, problems.list());
        }
        if (parsed.spec() == null) {
            problems.add(0, "the mapping file is empty");
            return new Result(null, problems.list());
        }
        problems.addAll(parsed.issues());
        DeclarativeMapping mapping = MappingCompiler.compile(file, parsed.spec(), parsed.lines(), problems, ids);
        return new Result(problems.isEmpty() ? mapping : null, problems.list());
    }

    /** Jackson's error turned into {@code file:line: what is wrong} in the analyst's words. */
    static String describe(Path file, String yaml, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : loc.getLineNr();
        if (e instanceof UnrecognizedPropertyException u) {
            // Jackson's location is past the key's value in YAML; look the key up instead.
            List<Object> steps = steps(u);
            steps.add(u.getPropertyName());
            int keyLine = YamlKeyLocator.lineOf(yaml, steps);
            line = keyLine > 0 ? keyLine : line;
        }
        String where = line < 1 ? file.toString() : file + ":" + line;
        String what = firstLine(e.getOriginalMessage());
        if (e instanceof UnrecognizedPropertyException u) {
            what = "unknown key '" + u.getPropertyName() + "'" + at(u) + " (expected one of: "
                    + sorted(u.getKnownPropertyIds()) + ")";
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null && !m.getPath().isEmpty()) {
            what = "bad value for '" + keyPath(m) + "': expected " + expected(m.getTargetType());
        } else if (e instanceof MismatchedInputException m && m.getOriginalMessage() != null
                && m.getOriginalMessage().startsWith("No content")) {
            what = "the mapping file is empty";
        } else if (what != null && what.contains("flow")) {
            // The classic YAML trap: {path: name[0].family} — brackets inside {...} or [...] end the value early.
            what = what + " (inside {...} or [...], put values containing [ ] { } , in quotes: \"name[0].family\")";
        } else if (what != null && what.startsWith("Duplicate field")) {
            what = "duplicate key " + what.substring("Duplicate field".length()).trim();
        }
        return where + ": " + what;
    }

    /** The path to the object holding the problem, as field names and list indexes. */
    private static List<Object> steps(JsonMappingException e) {
        List<Object> steps = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                steps.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                steps.add(ref.getIndex());
            }
        }
        // The last reference is the unknown key itself; the caller adds it back.
        if (!steps.isEmpty()) {
            steps.remove(steps.size() - 1);
        }
        return steps;
    }

    private static String at(JsonMappingException e) {
        String path = keyPath(e);
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : " in " + path.substring(0, dot);
    }

    /** e.g. resources[0].fields[3].required */
    private static String keyPath(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!s.isEmpty()) {
                    s.append('.');
                }
                s.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                s.append('[').append(ref.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a single text value";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "keys and values (a mapping)";
        }
        return type.getSimpleName();
    }

    private static String sorted(Collection<Object> known) {
        return known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid YAML";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
