package io.chartbridge.core.mapping;

/**
 * A source code the mapping's code table does not list, kept as written under {@code onUnmapped: review}: what
 * a person needs to choose the right target code, and where the chosen one goes.
 *
 * @param sourceColumn  the source column (or output path) the code came from
 * @param sourceSystem  the code system of the source codes, or null when neither mapping nor table declares one
 * @param code          the code as written in the source
 * @param display       the source's own display of the code, or null when the source has none
 * @param codeTable     the code table's name in the mapping
 * @param codeTablePath the code table's file (CSV or ConceptMap), whose targets the console offers
 * @param targetSystem  the system(s) of the table's target codes (comma-separated when several), or null
 * @param reference     the produced resource holding the kept code, e.g. "Patient/abc"
 * @param pointer       JSON Pointer to the kept value in that resource (a string, or a Coding object)
 */
public record UnmappedCode(String sourceColumn, String sourceSystem, String code, String display, String codeTable,
                           String codeTablePath, String targetSystem, String reference, String pointer) {

    @Override
    public String toString() {
        // The code itself may be PHI-adjacent free text: name the place only.
        return "UnmappedCode[" + codeTable + " at " + reference + pointer + "]";
    }
}
