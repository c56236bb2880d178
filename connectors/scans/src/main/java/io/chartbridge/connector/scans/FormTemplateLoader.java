package io.chartbridge.connector.scans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads form templates. Every problem is found before any scan is read and names the file and line
 * ({@link FormTemplateChecker}); {@code chartbridge ocr --check} lists them all.
 */
public final class FormTemplateLoader {

    /**
     * The committed templates: {@code mappings/forms} under the ChartBridge home (system property
     * {@code chartbridge.home}, which the launcher sets), else under the working directory.
     */
    public static Path defaultFolder() {
        return Path.of(System.getProperty("chartbridge.home", ".")).resolve("mappings/forms");
    }

    /** Loads every {@code *.yaml} in the folder, sorted by file name; files starting with {@code _} are skipped. */
    public List<FormTemplate> loadFolder(Path folder) {
        List<Path> files = templateFiles(folder);
        List<FormTemplate> out = new ArrayList<>();
        for (Path f : files) {
            out.add(load(f));
        }
        nameClashes(out, files).values().stream().findFirst().ifPresent(clash -> {
            throw new TemplateException(clash);
        });
        return out;
    }

    /**
     * @throws TemplateException with the first problem (and how many more there are) when the file is not valid
     */
    public FormTemplate load(Path file) {
        return load(file, Path.of(""));
    }

    /** The same, a relative {@code file} read from {@code baseDir} (messages name it as given). */
    public FormTemplate load(Path file, Path baseDir) {
        FormTemplateChecker.Result r = FormTemplateChecker.check(file, baseDir);
        if (!r.problems().isEmpty()) {
            List<String> p = r.problems();
            String more = p.size() == 1 ? "" : " (and " + (p.size() - 1) + " more problem" + (p.size() == 2 ? "" : "s")
                    + "; 'chartbridge ocr --check --template " + file + "' lists them all)";
            throw new TemplateException(p.get(0) + more);
        }
        return r.template();
    }

    /** Every problem of a template file, one {@code file:line: what is wrong} each; empty when it is valid. */
    public static List<String> check(Path file) {
        return check(file, Path.of(""));
    }

    /** The same, a relative {@code file} read from {@code baseDir} (messages name it as given). */
    public static List<String> check(Path file, Path baseDir) {
        return FormTemplateChecker.check(file, baseDir).problems();
    }

    /** Every problem of every template in the folder, and names that two templates share. */
    public static Map<Path, List<String>> checkFolder(Path folder) {
        Map<Path, List<String>> out = new java.util.LinkedHashMap<>();
        List<FormTemplate> loaded = new ArrayList<>();
        List<Path> files = templateFiles(folder);
        List<Path> loadedFiles = new ArrayList<>();
        for (Path f : files) {
            FormTemplateChecker.Result r = FormTemplateChecker.check(f);
            out.put(f, new ArrayList<>(r.problems()));
            if (r.template() != null) {
                loaded.add(r.template());
                loadedFiles.add(f);
            }
        }
        nameClashes(loaded, loadedFiles).forEach((i, clash) -> out.get(loadedFiles.get(i)).add(clash));
        out.replaceAll((f, p) -> List.copyOf(p));
        return out;
    }

    /** The template files of a folder: {@code *.yaml}, not starting with {@code _}, sorted by name. */
    public static List<Path> templateFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")
                    && !p.getFileName().toString().startsWith("_")).sorted().toList();
        } catch (IOException e) {
            throw new TemplateException("Form template folder " + folder + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** For each template whose name an earlier one already has: its index, and the problem. */
    private static Map<Integer, String> nameClashes(List<FormTemplate> templates, List<Path> files) {
        Map<Integer, String> out = new java.util.LinkedHashMap<>();
        Map<String, Path> byName = new HashMap<>();
        for (int i = 0; i < templates.size(); i++) {
            Path first = byName.putIfAbsent(templates.get(i).name(), files.get(i));
            if (first != null) {
                out.put(i, clash(files.get(i), templates.get(i).name(), first));
            }
        }
        return out;
    }

    private static String clash(Path file, String name, Path first) {
        return file + ": the template name '" + name + "' is also used by " + first
                + " (names must be unique: pages record which template read them)";
    }
}
