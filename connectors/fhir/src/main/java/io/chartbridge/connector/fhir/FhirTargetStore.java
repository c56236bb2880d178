package io.chartbridge.connector.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.connector.fhir.auth.FhirTargetAuth;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.reconcile.TargetStore;
import io.chartbridge.core.target.TargetAccess;
import io.chartbridge.core.target.TargetRetry;
import io.chartbridge.core.target.TargetUnavailableException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.IdType;

/**
 * A FHIR R4 server as the diff and undo see it, through the client {@link FhirClients} builds (so authentication,
 * time-outs and pool are the loader's) and the target's retry policy.
 * <p>
 * Reads go as {@code _id} searches of {@value #IDS_PER_SEARCH} ids, {@value #SEARCHES_PER_REQUEST} to a batch Bundle
 * (one HTTP request, the answer kept as JSON text: no model objects are built for the hundred thousand resources of
 * a diff); an id a search page left out is read on its own. A server that takes no batches gets the searches one by
 * one. Extra resources are found by {@code patient} searches asking for ids only ({@code _elements=id}).
 */
public final class FhirTargetStore implements TargetStore {

    /** HAPI FHIR's default largest page; a server that pages smaller gets the rest read by id. */
    static final int IDS_PER_SEARCH = 50;
    static final int SEARCHES_PER_REQUEST = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FHIR_JSON = "application/fhir+json";

    private final String baseUrl;
    private final FhirContext ctx;
    private final IGenericClient client;
    private final TargetRetry retry;
    private final FhirTargetAuth auth;
    private volatile Capabilities capabilities;

    public FhirTargetStore(TargetSpec spec, FhirContext ctx) {
        this(spec, ctx, FhirClients.retryPolicy(spec));
    }

    FhirTargetStore(TargetSpec spec, FhirContext ctx, TargetRetry retry) {
        this.baseUrl = FhirClients.baseUrl(spec);
        this.ctx = ctx;
        this.client = FhirClients.create(ctx, spec);
        this.retry = retry;
        this.auth = FhirTargetAuth.forTarget(spec);
    }

    @Override
    public void checkAccess(TargetAccess needs) {
        auth.requireAccess(needs);
    }

    /** What the CapabilityStatement says: whether batches are taken, and the search parameters of each type. */
    private record Capabilities(boolean batch, Map<String, Set<String>> searchParams) {
    }

    @Override
    public String key() {
        return "fhir:" + baseUrl;
    }

    @Override
    public int idsPerRequest() {
        return IDS_PER_SEARCH * SEARCHES_PER_REQUEST;
    }

    @Override
    public Map<String, ObjectNode> read(String type, Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        Map<String, ObjectNode> found = new HashMap<>();
        List<List<String>> searches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IDS_PER_SEARCH) {
            searches.add(all.subList(from, Math.min(all.size(), from + IDS_PER_SEARCH)));
        }
        Set<String> unsure = new HashSet<>();
        if (capabilities().batch()) {
            for (int from = 0; from < searches.size(); from += SEARCHES_PER_REQUEST) {
                List<List<String>> group = searches.subList(from, Math.min(searches.size(), from + SEARCHES_PER_REQUEST));
                List<String> urls = group.stream().map(s -> idSearch(type, s)).toList();
                List<JsonNode> answers = batchGet(urls, "read of " + type);
                for (int i = 0; i < group.size(); i++) {
                    collect(answers.get(i), type, group.get(i), found, unsure);
                }
            }
        } else {
            for (List<String> s : searches) {
                JsonNode page = json(call("read of " + type, () -> parser().encodeResourceToString(client.search()
                        .byUrl(baseUrl + "/" + idSearch(type, s)).returnBundle(Bundle.class).accept(FHIR_JSON)
                        .execute())));
                collect(page, type, s, found, unsure);
            }
        }
        for (String id : unsure) {
            readOne(type, id).ifPresent(r -> found.put(id, r));
        }
        return found;
    }

    private static String idSearch(String type, List<String> ids) {
        return type + "?_id=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8) + "&_count="
                + ids.size();
    }

    /** Takes the resources of a searchset; ids it lacks while it says there is more are read one by one. */
    private static void collect(JsonNode searchset, String type, List<String> asked, Map<String, ObjectNode> found,
                                Set<String> unsure) {
        Set<String> here = new HashSet<>();
        for (JsonNode entry : searchset.path("entry")) {
            JsonNode r = entry.path("resource");
            if (r.isObject() && type.equals(r.path("resourceType").asText()) && !"include".equals(
                    entry.path("search").path("mode").asText("match"))) {
                String id = r.path("id").asText();
                found.put(id, (ObjectNode) r);
                here.add(id);
            }
        }
        boolean more = false;
        for (JsonNode link : searchset.path("link")) {
            more |= "next".equals(link.path("relation").asText());
        }
        if (more) {
            asked.stream().filter(id -> !here.contains(id)).forEach(unsure::add);
        }
    }

    private Optional<ObjectNode> readOne(String type, String id) {
        try {
            String body = call("read of " + type, () -> parser().encodeResourceToString(client.read().resource(type)
                    .withId(id).accept(FHIR_JSON).execute()));
            return Optional.of((ObjectNode) json(body));
        } catch (TargetRefusedException e) {
            if (e.status() == 404 || e.status() == 410) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** GETs in one batch Bundle; the entries' resources, in order. A refused entry fails the whole call. */
    private List<JsonNode> batchGet(List<String> urls, String what) {
        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "batch");
        ArrayNode entries = bundle.putArray("entry");
        urls.forEach(u -> entries.addObject().putObject("request").put("method", "GET").put("url", u));
        String body = bundle.toString();
        JsonNode answer = json(call(what, () -> client.transaction().withBundle(body).accept(FHIR_JSON).execute()));
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            JsonNode entry = answer.path("entry").path(i);
            int status = FhirTransactionResponse.statusCode(entry.path("response").path("status").asText(""));
            if (status < 200 || status >= 300) {
                String why = FhirOperationOutcomes.diagnostics(entry.path("response").path("outcome"));
                throw new TargetRefusedException(status, "the target answered HTTP " + status
                        + (why == null ? "" : ": " + why));
            }
            out.add(entry.path("resource"));
        }
        return out;
    }

    @Override
    public List<String> searchableByPatient(Collection<String> types) {
        Map<String, Set<String>> params = capabilities().searchParams();
        List<String> out = new ArrayList<>();
        for (String type : types) {
            if (params == null) {
                out.add(type);
                continue;
            }
            Set<String> p = params.get(type);
            // A type listed without its search parameters may still take them; the search will tell.
            if (p != null && (p.isEmpty() || p.contains("patient"))) {
                out.add(type);
            }
        }
        return out;
    }

    @Override
    public List<String> idsReferringTo(String type, Collection<String> patientIds) {
        List<String> refs = patientIds.stream().map(id -> "Patient/" + id).toList();
        List<String> ids = new ArrayList<>();
        Bundle page = call("search of " + type + " by patient", () -> client.search().forResource(type)
                .where(new ReferenceClientParam("patient").hasAnyOfIds(refs)).elementsSubset("id")
                .count(IDS_PER_SEARCH).returnBundle(Bundle.class).accept(FHIR_JSON).execute());
        while (true) {
            for (Bundle.BundleEntryComponent e : page.getEntry()) {
                if (e.getResource() != null && e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE) {
                    ids.add(e.getResource().getIdElement().getIdPart());
                }
            }
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                return ids;
            }
            Bundle current = page;
            page = call("search of " + type + " by patient", () -> client.loadPage().next(current).execute());
        }
    }

    @Override
    public Optional<ObjectNode> versionBefore(String type, String id, String version) {
        if (version == null) {
            throw new HistoryUnavailableException("the target gave no version id when the run wrote it");
        }
        Bundle page;
        try {
            page = call("history of " + type, () -> client.history().onInstance(new IdType(type, id))
                    .returnBundle(Bundle.class).execute());
        } catch (TargetRefusedException e) {
            throw new HistoryUnavailableException("the target does not show the history (HTTP " + e.status() + ")");
        }
        boolean seen = false;
        while (true) {
            // Newest first: the entry after the run's version is the one before it.
            for (Bundle.BundleEntryComponent e : page.getEntry()) {
                String v = versionOf(e);
                if (seen) {
                    if (e.getResource() == null || e.getRequest().getMethod() == Bundle.HTTPVerb.DELETE) {
                        return Optional.empty();
                    }
                    return Optional.of((ObjectNode) json(parser().encodeResourceToString(e.getResource())));
                }
                seen = version.equals(v);
            }
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                if (!seen) {
                    throw new HistoryUnavailableException("the target's history no longer has version " + version);
                }
                return Optional.empty();
            }
            Bundle current = page;
            page = call("history of " + type, () -> client.loadPage().next(current).execute());
        }
    }

    private static String versionOf(Bundle.BundleEntryComponent e) {
        if (e.getResource() != null && e.getResource().getMeta().getVersionId() != null) {
            return e.getResource().getMeta().getVersionId();
        }
        String[] fromUrl = FhirTransactionResponse.idAndVersion(e.getFullUrl());
        if (fromUrl[1] != null) {
            return fromUrl[1];
        }
        return FhirTransactionResponse.etagVersion(e.getResponse().getEtag());
    }

    @Override
    public String restore(String type, String id, ObjectNode content, String expectedVersion) {
        IBaseResource resource = parser().parseResource(content.toString());
        resource.setId(new IdType(type, id));
        return call("restore of " + type, () -> {
            var update = client.update().resource(resource).withId(new IdType(type, id));
            if (expectedVersion != null) {
                update = update.withAdditionalHeader("If-Match", "W/\"" + expectedVersion + "\"");
            }
            var outcome = update.execute();
            return outcome.getId() == null ? null : outcome.getId().getVersionIdPart();
        });
    }

    @Override
    public void delete(String type, String id) {
        try {
            call("delete of " + type, () -> client.delete().resourceById(type, id).execute());
        } catch (TargetRefusedException e) {
            if (e.status() != 404 && e.status() != 410) {
                throw e;
            }
        }
    }

    @Override
    public void deleteTogether(List<String> references) {
        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        references.forEach(r -> entries.addObject().putObject("request").put("method", "DELETE").put("url", r));
        String body = bundle.toString();
        call("delete of " + references.size() + " resources", () -> client.transaction().withBundle(body)
                .accept(FHIR_JSON).execute());
    }

    private Capabilities capabilities() {
        Capabilities c = capabilities;
        if (c == null) {
            CapabilityStatement statement = call("/metadata", () -> client.capabilities()
                    .ofType(CapabilityStatement.class).accept(FHIR_JSON).execute());
            c = capabilitiesOf(statement);
            capabilities = c;
        }
        return c;
    }

    static Capabilities capabilitiesOf(CapabilityStatement statement) {
        for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
            if (rest.getMode() != null && rest.getMode() != CapabilityStatement.RestfulCapabilityMode.SERVER) {
                continue;
            }
            Set<String> system = new HashSet<>();
            rest.getInteraction().forEach(i -> system.add(i.getCode() == null ? "" : i.getCode().toCode()));
            Map<String, Set<String>> params = null;
            if (!rest.getResource().isEmpty()) {
                params = new LinkedHashMap<>();
                for (var r : rest.getResource()) {
                    Set<String> names = new HashSet<>();
                    r.getSearchParam().forEach(p -> names.add(p.getName()));
                    params.put(r.getType(), names);
                }
            }
            return new Capabilities(system.isEmpty() || system.contains("batch"), params);
        }
        return new Capabilities(true, null);
    }

    /**
     * One call under the retry policy: an outage waits within the budget; 401/403 and an outage past it stop the
     * caller ({@link TargetUnavailableException}); any other answer the server refuses is a {@link
     * TargetRefusedException} with its status and reason.
     */
    private <T> T call(String what, Supplier<T> action) {
        try {
            return retry.call(what, action);
        } catch (TargetUnavailableException e) {
            throw e;
        } catch (FhirClientConnectionException e) {
            throw new TargetUnavailableException("FHIR target " + baseUrl + " is unreachable: "
                    + FhirConnectionFailures.reason(e), e);
        } catch (BaseServerResponseException e) {
            int status = e.getStatusCode();
            if (status == 401 || status == 403) {
                throw new TargetUnavailableException("FHIR target " + baseUrl + (status == 401
                        ? " refused the credentials (HTTP 401); check target.auth"
                        : " denied access (HTTP 403); the credentials lack the needed permissions"), e);
            }
            String why = null;
            if (e.getResponseBody() != null) {
                try {
                    why = FhirOperationOutcomes.diagnostics(JSON.readTree(e.getResponseBody()));
                } catch (JsonProcessingException notJson) {
                    why = null;
                }
            }
            throw new TargetRefusedException(status, why != null ? why
                    : FhirOperationOutcomes.oneLine(String.valueOf(e.getMessage())));
        }
    }

    private IParser parser() {
        return ctx.newJsonParser();
    }

    private JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new TargetUnavailableException("FHIR target " + baseUrl + " answered with something that is not"
                    + " FHIR JSON");
        }
    }

    @Override
    public String toString() {
        return "FhirTargetStore[" + baseUrl + "]";
    }
}
