package io.chartbridge.matching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds FHIR Patient JSON for tests, field by field; every field starts as a complete, ordinary patient. */
public final class TestPatients {

    public static final String SSN = "http://hl7.org/fhir/sid/us-ssn";
    public static final String MRN = "http://legacy.example.org/mrn";
    private static final ObjectMapper JSON = new ObjectMapper();

    private String id = "p1";
    private String given = "Eleanor";
    private String family = "Whitcombe";
    private String birthDate = "1971-03-08";
    private String gender = "female";
    private String line = "12 Orchard Lane";
    private String postal = "10001";
    private String city;
    private String phone = "(555) 201-3344";
    private String email = "eleanor.w@example.org";
    private String ssn;
    private String mrn;
    private Integer multipleBirth;
    private String middle;
    private final java.util.List<String[]> otherIdentifiers = new java.util.ArrayList<>();
    private final java.util.List<String[]> otherNames = new java.util.ArrayList<>();

    public static TestPatients patient(String id) {
        TestPatients t = new TestPatients();
        t.id = id;
        return t;
    }

    public TestPatients given(String v) {
        given = v;
        return this;
    }

    public TestPatients family(String v) {
        family = v;
        return this;
    }

    public TestPatients birthDate(String v) {
        birthDate = v;
        return this;
    }

    public TestPatients gender(String v) {
        gender = v;
        return this;
    }

    public TestPatients city(String v) {
        city = v;
        return this;
    }

    public TestPatients address(String lineValue, String postalValue) {
        line = lineValue;
        postal = postalValue;
        return this;
    }

    public TestPatients phone(String v) {
        phone = v;
        return this;
    }

    public TestPatients email(String v) {
        email = v;
        return this;
    }

    public TestPatients ssn(String v) {
        ssn = v;
        return this;
    }

    public TestPatients mrn(String v) {
        mrn = v;
        return this;
    }

    public TestPatients middle(String v) {
        middle = v;
        return this;
    }

    /** An identifier of any other system (a target EHR's MRN, a driver's licence). */
    public TestPatients identifier(String system, String value) {
        otherIdentifiers.add(new String[] {system, value});
        return this;
    }

    /** Another HumanName after the record's own: {@code use} (maiden, old...), given (null: none), family. */
    public TestPatients otherName(String use, String givenName, String familyName) {
        otherNames.add(new String[] {use, givenName, familyName});
        return this;
    }

    public TestPatients multipleBirth(int order) {
        multipleBirth = order;
        return this;
    }

    public ObjectNode json() {
        ObjectNode p = JSON.createObjectNode();
        p.put("resourceType", "Patient");
        p.put("id", id);
        ArrayNode ids = p.putArray("identifier");
        if (mrn != null) {
            ObjectNode i = ids.addObject();
            i.putObject("type").putArray("coding").addObject().put("code", "MR");
            i.put("system", MRN).put("value", mrn);
        }
        if (ssn != null) {
            ids.addObject().put("system", SSN).put("value", ssn);
        }
        for (String[] other : otherIdentifiers) {
            ids.addObject().put("system", other[0]).put("value", other[1]);
        }
        ArrayNode names = p.putArray("name");
        ObjectNode name = names.addObject();
        if (family != null) {
            name.put("family", family);
        }
        if (given != null) {
            ArrayNode givenNames = name.putArray("given").add(given);
            if (middle != null) {
                givenNames.add(middle);
            }
        }
        for (String[] other : otherNames) {
            ObjectNode n = names.addObject().put("use", other[0]);
            if (other[2] != null) {
                n.put("family", other[2]);
            }
            if (other[1] != null) {
                n.putArray("given").add(other[1]);
            }
        }
        ArrayNode telecom = p.putArray("telecom");
        if (phone != null) {
            telecom.addObject().put("system", "phone").put("value", phone);
        }
        if (email != null) {
            telecom.addObject().put("system", "email").put("value", email);
        }
        if (gender != null) {
            p.put("gender", gender);
        }
        if (birthDate != null) {
            p.put("birthDate", birthDate);
        }
        if (line != null || postal != null || city != null) {
            ObjectNode a = p.putArray("address").addObject();
            if (line != null) {
                a.putArray("line").add(line);
            }
            if (city != null) {
                a.put("city", city);
            }
            if (postal != null) {
                a.put("postalCode", postal);
            }
        }
        if (multipleBirth != null) {
            p.put("multipleBirthInteger", multipleBirth);
        }
        return p;
    }

    public PatientRecord record() {
        return PatientRecordReader.read(json());
    }
}
