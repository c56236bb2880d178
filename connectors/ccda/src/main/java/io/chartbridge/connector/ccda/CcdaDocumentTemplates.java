package io.chartbridge.connector.ccda;

import java.util.List;
import java.util.Set;

/**
 * The document-level template ids that make a ClinicalDocument a C-CDA document this source maps: every C-CDA
 * R1.1/R2.x document template (US Realm Header {@code 2.16.840.1.113883.10.20.22.1.1}, CCD {@code ...22.1.2},
 * discharge summary, progress note, ... all under {@code 2.16.840.1.113883.10.20.22.1.}) and the headers the
 * older CCDs (HL7 CCD R1, HITSP C32, IHE PCC) carry. Section and entry templates are not checked here: the
 * mappings select entries by what they are, so an entry of a newer template version is still read.
 */
final class CcdaDocumentTemplates {

    /** C-CDA's own document templates, R1.1 to R3: {@code 2.16.840.1.113883.10.20.22.1.n}. */
    static final String CCDA_DOCUMENT_PREFIX = "2.16.840.1.113883.10.20.22.1.";

    static final Set<String> OLDER = Set.of(
            "2.16.840.1.113883.10.20.1",           // HL7 Continuity of Care Document (CCD) R1
            "2.16.840.1.113883.3.88.11.32.1",      // HITSP C32 summary document
            "2.16.840.1.113883.10.20.3",           // HL7 general header constraints (CDA4CDT)
            "2.16.840.1.113883.3.27.1776",         // CDA for Common Document Types header
            "1.3.6.1.4.1.19376.1.5.3.1.1.1",       // IHE PCC medical document
            "1.3.6.1.4.1.19376.1.5.3.1.1.2");      // IHE PCC medical summary

    private final List<String> extra;

    CcdaDocumentTemplates(List<String> extra) {
        this.extra = List.copyOf(extra);
    }

    boolean accepts(String templateRoot) {
        return templateRoot != null && (templateRoot.startsWith(CCDA_DOCUMENT_PREFIX) || OLDER.contains(templateRoot)
                || extra.contains(templateRoot));
    }
}
