package io.chartbridge.connector.fhir;

import io.chartbridge.core.project.TargetSpec.WriteMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceInteractionComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemInteractionComponent;

/**
 * What the target says it can do (its CapabilityStatement, read once at the start) and how the load stage writes to
 * it in consequence: in transactions, in batches, or one request per resource; and per resource type, PUT to our
 * deterministic ids or conditional create/update through the record's identifier. A statement that says nothing
 * about something (many servers list little) is taken as "yes": the target's answers still decide.
 */
final class FhirTargetCapabilities {

    /** How a set of resources reaches the target. */
    enum Interaction { TRANSACTION, BATCH, ONE_BY_ONE }

    /** Search parameters of Patient the match stage's candidate searches use. */
    static final List<String> CANDIDATE_SEARCH_PARAMETERS = List.of("identifier", "family", "birthdate");

    /** A target that sent no statement: everything allowed, as before this was read. */
    static final FhirTargetCapabilities ANYTHING = new FhirTargetCapabilities(Interaction.TRANSACTION, null);

    private final Interaction interaction;
    /** Per type as the statement lists it, or null when the statement lists no resources. */
    private final Map<String, CapabilityStatementRestResourceComponent> resources;

    private FhirTargetCapabilities(Interaction interaction,
                                   Map<String, CapabilityStatementRestResourceComponent> resources) {
        this.interaction = interaction;
        this.resources = resources;
    }

    static FhirTargetCapabilities of(CapabilityStatement statement) {
        CapabilityStatementRestComponent server = null;
        for (CapabilityStatementRestComponent rest : statement.getRest()) {
            if (rest.getMode() == null || rest.getMode() == CapabilityStatement.RestfulCapabilityMode.SERVER) {
                server = rest;
                break;
            }
        }
        if (server == null) {
            return ANYTHING;
        }
        Set<String> system = new HashSet<>();
        for (SystemInteractionComponent i : server.getInteraction()) {
            if (i.getCode() != null) {
                system.add(i.getCode().toCode());
            }
        }
        Interaction interaction = system.isEmpty() || system.contains("transaction") ? Interaction.TRANSACTION
                : system.contains("batch") ? Interaction.BATCH : Interaction.ONE_BY_ONE;
        Map<String, CapabilityStatementRestResourceComponent> byType = null;
        if (!server.getResource().isEmpty()) {
            byType = new HashMap<>();
            for (CapabilityStatementRestResourceComponent r : server.getResource()) {
                byType.put(r.getType(), r);
            }
        }
        return new FhirTargetCapabilities(interaction, byType);
    }

    Interaction interaction() {
        return interaction;
    }

    /**
     * How resources of this type are written: the project's mode, unless the target refuses what that mode needs
     * (PUT to an id it does not have, i.e. client ids) and offers the other.
     */
    WriteMode writeMode(String type, WriteMode wanted) {
        return serverAssignsIds(type) ? WriteMode.CONDITIONAL : wanted;
    }

    /** Whether the target says it refuses client-assigned ids for this type (updateCreate false). */
    boolean serverAssignsIds(String type) {
        CapabilityStatementRestResourceComponent r = resources == null ? null : resources.get(type);
        return r != null && r.hasUpdateCreate() && !r.getUpdateCreate();
    }

    /**
     * One line per thing the project needs and the target does not list: resource types it loads, and the Patient
     * search parameters the match stage's candidate searches use (when matching is on).
     */
    List<String> gaps(Collection<String> typesLoaded, boolean matching, WriteMode wanted) {
        List<String> lines = new ArrayList<>();
        if (interaction != Interaction.TRANSACTION) {
            lines.add("the target does not take transactions: resources are sent "
                    + (interaction == Interaction.BATCH ? "in batches" : "one request at a time")
                    + ", in dependency order");
        }
        if (resources == null) {
            return lines;
        }
        List<String> serverIds = new ArrayList<>();
        for (String type : typesLoaded) {
            CapabilityStatementRestResourceComponent r = resources.get(type);
            if (r == null) {
                lines.add("the target's CapabilityStatement does not list " + type + ", which this project loads");
                continue;
            }
            if (!interactions(r).isEmpty() && !interactions(r).contains("update")
                    && !interactions(r).contains("create")) {
                lines.add("the target does not list create or update for " + type);
            }
            if (serverAssignsIds(type)) {
                serverIds.add(type);
            }
        }
        if (!serverIds.isEmpty()) {
            lines.add("the target does not take client ids for " + String.join(", ", serverIds) + ": created by"
                    + " conditional create on the identifier where there is one, else under the id the target gives");
        }
        if (matching) {
            CapabilityStatementRestResourceComponent patient = resources.get("Patient");
            Set<String> params = new HashSet<>();
            if (patient != null) {
                for (CapabilityStatementRestResourceSearchParamComponent p : patient.getSearchParam()) {
                    params.add(p.getName());
                }
            }
            if (patient != null && !params.isEmpty()) {
                for (String needed : CANDIDATE_SEARCH_PARAMETERS) {
                    if (!params.contains(needed)) {
                        lines.add("the target does not list the Patient search parameter '" + needed
                                + "' the match stage's candidate searches use");
                    }
                }
            }
        }
        return lines;
    }

    private static Set<String> interactions(CapabilityStatementRestResourceComponent r) {
        Set<String> codes = new HashSet<>();
        for (ResourceInteractionComponent i : r.getInteraction()) {
            if (i.getCode() != null) {
                codes.add(i.getCode().toCode());
            }
        }
        return codes;
    }
}
