package io.chartbridge.app.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.connector.scans.ScanDocuments;
import io.chartbridge.connector.scans.ScannedPageRecord;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.mapping.DeclarativeMapping;
import io.chartbridge.mapping.MappingLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Maps scanned pages. A scan source's mapping may be a folder holding one mapping per document kind, named
 * {@code <document-kind>-<resource>.yaml} (e.g. {@code intake-form-patient.yaml}); each page goes through the
 * mapping of the kind its template classified it as, and pages of other kinds produce no resources of their own.
 * Whatever the page yields, page 1 of every file also yields the document itself: a DocumentReference carrying the
 * scan as PDF, linked to the chart's patient through the MRN written on the page, so a chart is never lost.
 * A mapping failure on a scanned page is a question for a person (OCR can misread), not a quarantine.
 */
public final class ScanMappers implements RecordMapper {

    private final Map<String, DeclarativeMapping> byKind;
    private final String patientSystem;
    private final String patientKeyField;
    private final DeterministicIds ids;

    ScanMappers(Map<String, DeclarativeMapping> byKind, String patientSystem, String patientKeyField,
                DeterministicIds ids) {
        this.ids = ids;
        this.byKind = Map.copyOf(byKind);
        this.patientSystem = patientSystem;
        this.patientKeyField = patientKeyField;
    }

    /** @param ids the project's id derivation ({@code ProjectIds.of}) */
    public static ScanMappers forSource(SourceSpec source, DeterministicIds ids) {
        Map<String, DeclarativeMapping> byKind = new TreeMap<>();
        Path mapping = source.mapping();
        if (Files.isDirectory(mapping)) {
            try (Stream<Path> files = Files.list(mapping)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                        .filter(p -> !p.getFileName().toString().startsWith("_")).sorted().toList()) {
                    String name = f.getFileName().toString();
                    String base = name.substring(0, name.length() - ".yaml".length());
                    String kind = base.contains("-") ? base.substring(0, base.lastIndexOf('-')) : base;
                    byKind.put(kind, MappingLoader.load(f, ids));
                }
            } catch (IOException e) {
                throw new FatalSetupException("Cannot list scan mappings in " + mapping + ": " + e.getMessage(), e);
            }
        } else {
            DeclarativeMapping m = MappingLoader.load(mapping, ids);
            byKind.put(source.option("documentKind", "intake-form"), m);
        }
        String system = byKind.values().stream().filter(m -> m.resourceTypes().contains("Patient"))
                .map(DeclarativeMapping::sourceSystem).findFirst()
                .orElse("urn:chartbridge:source:" + source.name());
        return new ScanMappers(byKind, system, source.option("patientKeyField", "mrn"), ids);
    }

    @Override
    public String mappingId() {
        return String.join("+", byKind.values().stream().map(DeclarativeMapping::mappingId).toList());
    }

    /** What the page mappings produce, and the DocumentReference every scanned chart yields. */
    @Override
    public List<String> resourceTypes() {
        java.util.Set<String> types = new java.util.LinkedHashSet<>();
        byKind.values().forEach(m -> types.addAll(m.resourceTypes()));
        types.add("DocumentReference");
        return List.copyOf(types);
    }

    @Override
    public MappedRecord map(SourceRecord record) throws MappingException {
        if (!(record instanceof ScannedPageRecord page)) {
            throw new MappingException("not a scanned page: the scan mappings take records of the scans source only");
        }
        List<MappedResource> resources = new ArrayList<>();
        List<String> review = new ArrayList<>();
        List<io.chartbridge.core.mapping.UnmappedCode> codes = new ArrayList<>();
        DeclarativeMapping mapping = byKind.get(page.documentKind());
        if (mapping != null) {
            try {
                MappedRecord mapped = mapping.map(page);
                resources.addAll(mapped.resources());
                review.addAll(mapped.reviewReasons());
                codes.addAll(mapped.unmappedCodes());
            } catch (MappingException e) {
                review.add(e.getMessage());
            }
        }
        String key = page.value(patientKeyField);
        String subject = key == null ? null : "Patient/" + ids.idFor(patientSystem, "Patient", key);
        if (page.pageNumber() == 1) {
            resources.add(documentReference(page.file(), page.documentKind(), subject));
        }
        if (subject == null && page.pageNumber() == 1) {
            review.add(patientKeyField + ": missing, so the document cannot be linked to its patient");
        }
        return new MappedRecord(page.location(), resources, review, codes);
    }

    private MappedResource documentReference(Path file, String kind, String subject) throws MappingException {
        try {
            String fileHash = hashOf(file);
            String id = ids.idFor(patientSystem, "DocumentReference", fileHash);
            ObjectNode json = ScanDocuments.documentReference(file, kind, subject);
            ObjectNode ordered = json.objectNode().put("resourceType", "DocumentReference").put("id", id);
            json.properties().forEach(e -> {
                if (!e.getKey().equals("resourceType") && !e.getKey().equals("id")) {
                    ordered.set(e.getKey(), e.getValue());
                }
            });
            return new MappedResource("DocumentReference", id, ordered, null, hash(ordered));
        } catch (IOException e) {
            throw new MappingException("the scan could not be kept as a PDF: " + e.getMessage());
        }
    }

    private static String hashOf(Path file) throws IOException {
        MessageDigest digest = ContentHash.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return ContentHash.hex(digest);
    }

    private static String hash(ObjectNode resource) {
        return io.chartbridge.core.identity.ResourceContentHash.of(resource);
    }
}
