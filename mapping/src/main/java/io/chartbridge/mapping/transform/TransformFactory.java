package io.chartbridge.mapping.transform;

import com.fasterxml.jackson.databind.JsonNode;

/** Builds a transform from its arguments as written in the mapping file, once per mapping. */
@FunctionalInterface
public interface TransformFactory {

    /**
     * @param args  the arguments (null for a bare name)
     * @param setup what else the mapping declares (code tables)
     * @throws IllegalArgumentException with a one-line message when the arguments are wrong
     */
    Transform create(JsonNode args, TransformSetup setup);
}
