package io.chartbridge.core.mapping;

import io.chartbridge.core.source.SourceLocation;
import java.util.List;

/**
 * What a mapping made of one source record.
 *
 * @param location      the record's location
 * @param resources     resources to load, in dependency order (referenced resources first)
 * @param reviewReasons reasons a person must look at the record before it is loaded (unmapped code kept, low OCR
 *                      confidence); empty when the record can go straight on
 */
public record MappedRecord(SourceLocation location, List<MappedResource> resources, List<String> reviewReasons) {

    public MappedRecord {
        resources = List.copyOf(resources);
        reviewReasons = List.copyOf(reviewReasons);
    }

    public boolean needsReview() {
        return !reviewReasons.isEmpty();
    }
}
