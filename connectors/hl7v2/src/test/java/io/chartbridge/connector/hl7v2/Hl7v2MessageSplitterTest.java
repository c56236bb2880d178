package io.chartbridge.connector.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Hl7v2MessageSplitterTest {

    @Test
    void anOversizedMessageIsDroppedWithoutHoldingItAndTheNextMessageIsRead() throws IOException {
        String big = "OBX|1|ED|PDF||" + "A".repeat(500);
        List<Hl7v2RawMessage> messages = split("MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5\rPID|1\r" + big + "\r"
                + "MSH|^~\\&|A|B|||1||ADT^A01|2|P|2.5\rPID|2\r", 200);

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).oversized()).isTrue();
        assertThat(messages.get(0).segments()).isEmpty();
        assertThat(messages.get(1).oversized()).isFalse();
        assertThat(messages.get(1).number()).isEqualTo(2);
        assertThat(messages.get(1).segments()).containsExactly("MSH|^~\\&|A|B|||1||ADT^A01|2|P|2.5", "PID|2");
    }

    @Test
    void aFileWithoutLineBreaksOrMshIsOneOversizedEntryNotAnOutOfMemoryError() throws IOException {
        List<Hl7v2RawMessage> messages = split("x".repeat(10_000), 100);

        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).oversized()).isTrue();
    }

    @Test
    void aMessageWithTooManySegmentsIsDroppedWithoutHoldingThemAndTheNextMessageIsRead() throws IOException {
        StringBuilder text = new StringBuilder("MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5\rPID|1\r");
        for (int i = 1; i <= 20; i++) {
            text.append("OBX|").append(i).append("|ST|8302-2^Height||170\r");
        }
        text.append("MSH|^~\\&|A|B|||1||ADT^A01|2|P|2.5\rPID|2\r");
        List<Hl7v2RawMessage> messages = new ArrayList<>();
        try (Hl7v2MessageSplitter splitter = new Hl7v2MessageSplitter(
                new BufferedReader(new StringReader(text.toString())), 100_000, 10)) {
            Hl7v2RawMessage m;
            while ((m = splitter.next()) != null) {
                messages.add(m);
            }
        }

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).tooBig()).isEqualTo("message of more than 10 segments");
        assertThat(messages.get(0).segments()).isEmpty();
        assertThat(messages.get(1).oversized()).isFalse();
        assertThat(messages.get(1).segments()).hasSize(2);
    }

    @Test
    void mixedSeparatorsAndMllpFramingAreAccepted() throws IOException {
        List<Hl7v2RawMessage> messages = split("\u000BMSH|^~\\&|A\r\nPID|1\nPV1|1\r\u001C\r\n\r\nMSH|^~\\&|B\rPID|2", 1000);

        assertThat(messages).extracting(Hl7v2RawMessage::segments).containsExactly(
                List.of("MSH|^~\\&|A", "PID|1", "PV1|1"), List.of("MSH|^~\\&|B", "PID|2"));
    }

    private static List<Hl7v2RawMessage> split(String text, int limit) throws IOException {
        List<Hl7v2RawMessage> out = new ArrayList<>();
        try (Hl7v2MessageSplitter splitter = new Hl7v2MessageSplitter(new BufferedReader(new StringReader(text)),
                limit)) {
            Hl7v2RawMessage m;
            while ((m = splitter.next()) != null) {
                out.add(m);
            }
        }
        return out;
    }
}
