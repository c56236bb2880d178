package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.Set;

/**
 * Which identifiers are record numbers: numbers a system gave its records (an MRN, type {@code MR}, or any number of
 * a system listed in the rules' {@code recordNumberSystems}: the legacy systems being migrated, whose exports often
 * write their MRN without a type). Not a person's identifier: a legacy system's duplicates carry different ones by
 * nature, and a system that numbers its records one after another gives neighbours numbers one slip apart, so they
 * are compared only exactly, get no slip keys, and never veto.
 */
public record RecordNumbers(Set<String> systems) {

    public static final RecordNumbers NONE = new RecordNumbers(Set.of());

    public RecordNumbers {
        systems = Set.copyOf(systems);
    }

    public boolean isRecordNumber(PatientRecord.Identifier i) {
        return "MR".equals(i.type()) || systems.contains(i.system());
    }
}
