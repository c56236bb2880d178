package io.chartbridge.connector.ccda;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.LookaheadSourceReader;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceFiles;
import io.chartbridge.core.source.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;

/**
 * Reads the files of a C-CDA source one document at a time: each file is one document, held in memory only while
 * it is read (up to {@code maxMegabytes}). A file that is not a C-CDA document becomes a quarantined entry with
 * the reason and the next file is read.
 */
final class CcdaDocumentReader extends LookaheadSourceReader {

    private static final QName ROOT_NAME = new QName(CcdaXPath.CDA, "ClinicalDocument");

    private final String sourceName;
    private final CcdaSourceConfig config;
    private final CcdaDocumentTemplates templates;
    private final CcdaXPath xpath;
    private final CcdaParser parser;
    private int next;

    CcdaDocumentReader(String sourceName, List<Path> files, CcdaSourceConfig config, CcdaXPath xpath) {
        super(files);
        this.sourceName = sourceName;
        this.config = config;
        this.templates = new CcdaDocumentTemplates(config.extraTemplates());
        this.xpath = xpath;
        this.parser = new CcdaParser(xpath);
    }

    @Override
    protected SourceEntry advance() {
        if (next >= files.size()) {
            return null;
        }
        return read(files.get(next++));
    }

    private SourceEntry read(Path file) {
        String name = SourceFiles.displayName(file);
        SourceLocation location = SourceLocation.ofFile(name);
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > config.maxBytes()) {
                return new MalformedEntry(location, ContentHash.of(""), "the file is larger than "
                        + config.maxBytes() / (1024 * 1024) + " MiB (option maxMegabytes); it was not read");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new MalformedEntry(location, ContentHash.of(""),
                    "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
        String hash = ContentHash.of(bytes);
        XdmNode document;
        try {
            document = parser.parse(bytes);
        } catch (CcdaParser.NotReadable e) {
            return new MalformedEntry(location, hash, e.getMessage());
        }
        XdmNode root = documentElement(document);
        String problem = problem(root);
        if (problem != null) {
            return new MalformedEntry(location, hash, problem);
        }
        return new CcdaDocumentRecord(sourceName, location, hash, root, bytes, xpath);
    }

    static XdmNode documentElement(XdmNode document) {
        for (XdmNode child : document.children()) {
            if (child.getNodeKind() == XdmNodeKind.ELEMENT) {
                return child;
            }
        }
        return null;
    }

    /** Why the document is not a C-CDA document this source maps, or null. */
    private String problem(XdmNode root) {
        if (root == null || !ROOT_NAME.equals(root.getNodeName())) {
            String found = root == null ? "no element" : "<" + root.getNodeName().getLocalName() + ">"
                    + (root.getNodeName().getNamespaceURI().isEmpty() ? " without a namespace"
                    : " in namespace " + root.getNodeName().getNamespaceURI());
            return "not a CDA document: the root element is " + found + "; a C-CDA document is a"
                    + " <ClinicalDocument> in namespace " + CcdaXPath.CDA;
        }
        List<String> declared = new ArrayList<>(xpath.values(root, "templateId/@root", v -> null));
        if (declared.stream().noneMatch(templates::accepts)) {
            return declared.isEmpty()
                    ? "the ClinicalDocument has no templateId: not a C-CDA document (the US Realm Header is "
                    + CcdaDocumentTemplates.CCDA_DOCUMENT_PREFIX + "1)"
                    : "unknown document template " + String.join(", ", declared) + ": not a C-CDA R1.1/R2.1 or CCD"
                    + " document template (C-CDA's are " + CcdaDocumentTemplates.CCDA_DOCUMENT_PREFIX + "n; accept"
                    + " others with the option acceptTemplates)";
        }
        if (xpath.values(root, "exists(recordTarget/patientRole)", v -> null).contains("false")) {
            return "no recordTarget/patientRole: the document names no patient, so nothing in it can be attached"
                    + " to one";
        }
        return null;
    }

    @Override
    public void close() {
        next = files.size();
    }
}
