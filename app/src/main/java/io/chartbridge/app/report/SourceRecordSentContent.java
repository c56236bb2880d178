package io.chartbridge.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.app.run.ConnectorRegistry;
import io.chartbridge.app.scan.ScanMappers;
import io.chartbridge.core.identity.ResourceContentHash;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectIds;
import io.chartbridge.core.reporting.LoadedResource;
import io.chartbridge.core.reporting.SentContent;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.mapping.DeclarativeMapping;
import io.chartbridge.mapping.MappingLoader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Rebuilds what a run sent by mapping the source record again: the ledger knows which record produced each
 * resource (its source and location), so the record is read from the source, mapped with the project's mapping,
 * its patient references pointed at the patients the ledger linked them to, and the result accepted only when its
 * canonical hash equals the hash the ledger remembers the target was sent. Then the references are written with the
 * ids the target gave (conditional create), as the loader sent them. The content lives in memory only, for the
 * comparison; nothing is written anywhere.
 *
 * <p>Costs one pass over each source file involved (and the OCR of each scanned page involved), so it is asked only
 * for the sampled resources whose hash differs.
 */
public final class SourceRecordSentContent implements SentContent {

    private final Project project;
    private final Ledger ledger;
    private final ConnectorRegistry connectors;

    public SourceRecordSentContent(Project project, Ledger ledger, ConnectorRegistry connectors) {
        this.project = project;
        this.ledger = ledger;
        this.connectors = connectors;
    }

    private record Origin(String sourceName, String location) {
    }

    @Override
    public Map<LoadedResource, Sent> rebuild(long runId, List<LoadedResource> resources) {
        String targetKey = ledger.run(runId).map(r -> r.targetKey()).orElseThrow();
        Map<LoadedResource, Sent> out = new LinkedHashMap<>();
        Map<String, Map<String, List<LoadedResource>>> wanted = new LinkedHashMap<>();
        for (LoadedResource r : resources) {
            Optional<Origin> origin = ledger.query("select s.source_name, s.location from run_resource r"
                            + " join source_item s on s.id = r.item_id where r.run_id = ? and r.resource_type = ?"
                            + " and r.resource_id = ? order by r.id desc",
                    rs -> new Origin(rs.getString(1), rs.getString(2)), runId, r.resourceType(), r.resourceId())
                    .stream().findFirst();
            if (origin.isEmpty()) {
                out.put(r, new Sent(null, "the ledger does not say which record produced it in this run"));
                continue;
            }
            wanted.computeIfAbsent(origin.get().sourceName(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(origin.get().location(), l -> new java.util.ArrayList<>()).add(r);
        }
        for (Map.Entry<String, Map<String, List<LoadedResource>>> source : wanted.entrySet()) {
            rebuildFrom(source.getKey(), source.getValue(), targetKey, out);
        }
        return out;
    }

    private void rebuildFrom(String sourceName, Map<String, List<LoadedResource>> byLocation, String targetKey,
                             Map<LoadedResource, Sent> out) {
        Optional<SourceSpec> declared = project.sources().stream().filter(s -> s.name().equals(sourceName))
                .findFirst();
        if (declared.isEmpty()) {
            byLocation.values().forEach(list -> list.forEach(r -> out.put(r,
                    new Sent(null, "the project no longer declares source " + sourceName))));
            return;
        }
        Map<String, List<LoadedResource>> pending = new HashMap<>(byLocation);
        try {
            SourceSpec source = declared.get();
            RecordMapper mapper;
            if ("scans".equals(source.connector())) {
                mapper = ScanMappers.forSource(source, ProjectIds.of(project));
            } else {
                DeclarativeMapping mapping = MappingLoader.load(source.mapping(), ProjectIds.of(project));
                mapper = mapping;
                source = withMappingOptions(source, mapping.sourceOptions());
            }
            SourceConnector.SourceReader opened = connectors.forKind(source.connector()).open(source);
            SourceConnector.SourceReader read;
            try {
                // read as the run read it: grouped rows and quarantined duplicates keep their locations
                read = mapper instanceof DeclarativeMapping mapping ? mapping.reading(opened) : opened;
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            try (SourceConnector.SourceReader reader = read) {
                while (!pending.isEmpty() && reader.hasNext()) {
                    SourceEntry entry = reader.next();
                    List<LoadedResource> here = entry instanceof SourceRecord
                            ? pending.remove(entry.location().toString()) : null;
                    if (here != null) {
                        compare((SourceRecord) entry, mapper, here, targetKey, out);
                    }
                }
            }
        } catch (Exception e) {
            // The comparison is evidence, not the report: a source that cannot be read again leaves it unsaid.
            pending.values().forEach(list -> list.forEach(r -> out.put(r, new Sent(null,
                    "the source could not be read again (" + e.getClass().getSimpleName() + ")"))));
            return;
        }
        pending.values().forEach(list -> list.forEach(r -> out.put(r,
                new Sent(null, "its source record is no longer in the source"))));
    }

    private void compare(SourceRecord record, RecordMapper mapper, List<LoadedResource> wanted, String targetKey,
                         Map<LoadedResource, Sent> out) {
        MappedRecord mapped;
        try {
            mapped = mapper.map(record);
        } catch (Exception e) {
            wanted.forEach(r -> out.put(r, new Sent(null, "its source record no longer maps")));
            return;
        }
        for (LoadedResource r : wanted) {
            Optional<MappedResource> produced = mapped.resources().stream()
                    .filter(m -> m.type().equals(r.resourceType()) && m.id().equals(r.resourceId())).findFirst();
            if (produced.isEmpty()) {
                out.put(r, new Sent(null, "its source record no longer produces it"));
                continue;
            }
            ObjectNode json = produced.get().json().deepCopy();
            rewriteReferences(json, ref -> ref.startsWith("Patient/")
                    ? ledger.linkedPatient(targetKey, ref.substring("Patient/".length())).orElse(ref) : ref);
            if (!ResourceContentHash.of(json).equals(r.contentHash())) {
                out.put(r, new Sent(null, "the source record now maps to other content than was sent (the source"
                        + " or the mapping changed, or a person corrected it in review)"));
                continue;
            }
            rewriteReferences(json, ref -> {
                int slash = ref.indexOf('/');
                return slash < 0 ? ref : ledger.targetId(targetKey, ref.substring(0, slash), ref.substring(slash + 1))
                        .map(id -> ref.substring(0, slash + 1) + id).orElse(ref);
            });
            out.put(r, new Sent(json, null));
        }
    }

    private static void rewriteReferences(JsonNode node, UnaryOperator<String> resolve) {
        if (node.isObject()) {
            JsonNode ref = node.get("reference");
            if (ref != null && ref.isTextual()) {
                ((ObjectNode) node).put("reference", resolve.apply(ref.asText()));
            }
            node.forEach(child -> rewriteReferences(child, resolve));
        } else if (node.isArray()) {
            node.forEach(child -> rewriteReferences(child, resolve));
        }
    }

    /** As the run does: connector options the mapping declares apply unless the project sets them. */
    private static SourceSpec withMappingOptions(SourceSpec source, Map<String, Object> fromMapping) {
        if (fromMapping == null || fromMapping.isEmpty()) {
            return source;
        }
        Map<String, Object> merged = new LinkedHashMap<>(fromMapping);
        merged.putAll(source.options());
        return new SourceSpec(source.name(), source.connector(), source.location(), source.mapping(), merged);
    }
}
