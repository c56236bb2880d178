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
 * @param unmappedCodes the codes behind the "code not in table" review reasons, with their table and where each
 *                      landed, so the review console can offer the table's target codes
 */
public record MappedRecord(SourceLocation location, List<MappedResource> resources, List<String> reviewReasons,
                           List<UnmappedCode> unmappedCodes) {

    public MappedRecord {
        resources = List.copyOf(resources);
        reviewReasons = List.copyOf(reviewReasons);
        unmappedCodes = List.copyOf(unmappedCodes);
    }

    public MappedRecord(SourceLocation location, List<MappedResource> resources, List<String> reviewReasons) {
        this(location, resources, reviewReasons, List.of());
    }

    public boolean needsReview() {
        return !reviewReasons.isEmpty();
    }
}
