package io.chartbridge.connector.scans;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads and checks form templates; every problem names the file and the field. */
public final class FormTemplateLoader {

    static final Set<String> POSITIONS = Set.of("right", "below");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The committed templates: {@code mappings/forms} under the ChartBridge home (system property
     * {@code chartbridge.home}, which the launcher sets), else under the working directory.
     */
    public static Path defaultFolder() {
        return Path.of(System.getProperty("chartbridge.home", ".")).resolve("mappings/forms");
    }

    /** Loads every {@code *.yaml} in the folder, sorted by file name; files starting with {@code _} are skipped. */
    public List<FormTemplate> loadFolder(Path folder) {
        List<FormTemplate> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")
                    && !p.getFileName().toString().startsWith("_")).sorted().toList()) {
                out.add(load(f));
            }
        } catch (IOException e) {
            throw new TemplateException("Form template folder " + folder + " cannot be read: " + e.getMessage(), e);
        }
        return out;
    }

    public FormTemplate load(Path file) {
        FormTemplate t;
        try {
            t = yaml.readValue(file.toFile(), FormTemplate.class);
        } catch (UnrecognizedPropertyException e) {
            throw new TemplateException("Form template " + file + ": unknown key '" + e.getPropertyName()
                    + "' at " + e.getPathReference(), e);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new TemplateException("Form template " + file + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TemplateException("Form template " + file + " cannot be read: " + e.getMessage(), e);
        }
        validate(file, t);
        return t;
    }

    private static void validate(Path file, FormTemplate t) {
        String where = "Form template " + file;
        if (t == null || blank(t.name())) {
            throw new TemplateException(where + ": 'name' is required");
        }
        if (blank(t.documentKind())) {
            throw new TemplateException(where + ": 'documentKind' is required");
        }
        if (t.confidenceThreshold() < 0 || t.confidenceThreshold() > 1) {
            throw new TemplateException(where + ": 'confidenceThreshold' must be between 0 and 1");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < t.fields().size(); i++) {
            FormTemplate.FieldSpec f = t.fields().get(i);
            String fw = where + ", field " + (i + 1);
            if (blank(f.name())) {
                throw new TemplateException(fw + ": 'name' is required");
            }
            fw = where + ", field '" + f.name() + "'";
            if (!names.add(f.name())) {
                throw new TemplateException(fw + ": declared twice");
            }
            if (f.labels().isEmpty() && f.zone() == null) {
                throw new TemplateException(fw + ": needs 'labels' or a 'zone'");
            }
            for (String p : f.position()) {
                if (!POSITIONS.contains(p)) {
                    throw new TemplateException(fw + ": position '" + p + "' is not one of " + POSITIONS);
                }
            }
            checkValidator(fw, f.validator());
        }
        for (FormTemplate.TableSpec table : t.tables()) {
            if (blank(table.name()) || table.columns().size() < 2) {
                throw new TemplateException(where + ": every table needs a 'name' and at least two columns");
            }
            for (FormTemplate.ColumnSpec c : table.columns()) {
                if (blank(c.name()) || c.headers().isEmpty()) {
                    throw new TemplateException(where + ", table '" + table.name()
                            + "': every column needs a 'name' and 'headers'");
                }
                checkValidator(where + ", table '" + table.name() + "' column '" + c.name() + "'", c.validator());
            }
        }
    }

    private static void checkValidator(String where, FormTemplate.ValidatorSpec v) {
        if (v == null) {
            return;
        }
        try {
            FieldValidators.of(v);
        } catch (IllegalArgumentException e) {
            throw new TemplateException(where + ": " + e.getMessage(), e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
