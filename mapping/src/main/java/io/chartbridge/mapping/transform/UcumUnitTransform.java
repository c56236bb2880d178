package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;

/**
 * {@code ucumUnit}: a unit as the legacy system wrote it ({@code lbs}, {@code F}, {@code mmHg}) to the UCUM code
 * of its normalised unit ({@code kg}, {@code Cel}, {@code mm[Hg]}), matching what {@code ucum} did to the value.
 * An unknown unit quarantines the record, since a quantity with a wrong unit is worse than none.
 */
final class UcumUnitTransform implements Transform {

    static final UcumUnitTransform INSTANCE = new UcumUnitTransform();

    private UcumUnitTransform() {
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        UcumUnits.Normalisation unit = UcumUnits.lookup(value);
        if (unit == null) {
            throw new MappingException("unit not in the UCUM table");
        }
        return unit.code();
    }
}
