package io.chartbridge.core.reporting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Reads one resource back from a target, as FHIR JSON; empty when the target does not hold it. */
@FunctionalInterface
public interface ResourceReader {

    Optional<ObjectNode> read(LoadedResource resource) throws Exception;
}
