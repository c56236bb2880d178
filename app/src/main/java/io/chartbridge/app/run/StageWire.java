package io.chartbridge.app.run;

import io.chartbridge.app.scan.ScannedPageWire;
import io.chartbridge.app.wire.CcdaDocumentWire;
import io.chartbridge.app.wire.Hl7v2MessageWire;
import io.chartbridge.app.wire.JsonRecordWire;
import io.chartbridge.app.wire.XmlRecordWire;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.LedgerWrites;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.engine.kafka.StageMessage;
import io.chartbridge.engine.kafka.StageMessageCodec;
import io.chartbridge.engine.kafka.StageRecord;
import io.chartbridge.engine.kafka.UndecodableMessageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The stage boundaries' wire (ADR 004, 019): with the local engine records pass between stages as objects and every
 * step here does nothing; with the Kafka engine they travel as versioned JSON ({@link StageMessageCodec}); on the match
 * topic keyed by patient, so that one patient's records keep their order. Receiving, it decides what a redelivered message
 * may still do: records the ledger shows settled are passed over, records MAPPED already are mapped again without
 * writing twice, and the match stage takes each item once. A message that cannot be read goes to the dead-letter
 * topic and the items it names are marked FAILED with the reason.
 */
@Component("stageWire")
public class StageWire {

    private static final Logger LOG = LoggerFactory.getLogger(StageWire.class);
    /** Kafka record headers of a dead letter: why, and which stage topic it came from. */
    static final String REASON_HEADER = "chartbridge-reason";
    static final String TOPIC_HEADER = "chartbridge-topic";

    private final boolean kafka;
    private final RunContext runs;
    private final WorkerRuns workerRuns;
    private final ProducerTemplate producer;
    private final String deadLetter;
    private final StageMessageCodec codec = codec();

    public StageWire(@Value("${chartbridge.engine:local}") String engine, RunContext runs, WorkerRuns workerRuns,
                     @Lazy ProducerTemplate producer, @Value("${chartbridge.stages.dead-letter:}") String deadLetter) {
        this.kafka = "kafka".equals(engine);
        this.runs = runs;
        this.workerRuns = workerRuns;
        this.producer = producer;
        this.deadLetter = deadLetter;
    }

    /** The wire forms of every kind of source record this build reads (flat rows are built into the codec). */
    static StageMessageCodec codec() {
        return new StageMessageCodec(List.of(new ScannedPageWire(), new Hl7v2MessageWire(), new CcdaDocumentWire(),
                new JsonRecordWire(), new XmlRecordWire()));
    }

    /** Extract → map: a chunk of records with their values. */
    public void toMap(Exchange exchange) {
        if (!kafka) {
            return;
        }
        List<PipelineRecord> chunk = FailureRecorder.itemsOf(exchange.getMessage().getBody());
        PipelineRecord first = chunk.get(0);
        // Keyed by where the chunk begins, so that one large file spreads over the partitions (and the workers); the
        // match topic, which has one partition, is keyed by patient.
        exchange.getMessage().setHeader(KafkaConstants.KEY, first.sourceName() + '|' + first.record().location().file()
                + '|' + first.record().location().position());
        exchange.getMessage().setBody(codec.encode(new StageMessage(first.runId(), true, chunk.stream()
                .map(r -> new StageRecord(r.itemId(), r.sourceName(), r.record(), null, false)).toList())));
    }

    /** Map → match: one mapped record, located only, keyed by its patient. */
    public void toMatch(Exchange exchange) {
        if (!kafka) {
            return;
        }
        PipelineRecord r = exchange.getMessage().getBody(PipelineRecord.class);
        exchange.getMessage().setHeader(KafkaConstants.KEY, matchKey(r));
        exchange.getMessage().setBody(matchBody(r));
    }

    /** What the match stage is sent for a record: the record itself, or its message on the match topic. */
    Object matchBody(PipelineRecord r) {
        return kafka ? codec.encode(new StageMessage(r.runId(), false, List.of(new StageRecord(r.itemId(),
                r.sourceName(), r.record(), r.mapped(), r.isLoadable())))) : r;
    }

    /** One patient's records under one key: the record's own Patient, else its file. */
    static String matchKey(PipelineRecord r) {
        if (r.mapped() != null) {
            for (MappedResource res : r.mapped().resources()) {
                if ("Patient".equals(res.type())) {
                    return res.reference();
                }
            }
        }
        return r.sourceName() + '|' + r.record().location().file();
    }

    /** Map stage, receiving: the chunk's records that still need the map stage. */
    public void fromMap(Exchange exchange) {
        if (!kafka) {
            return;
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        StageMessage message;
        try {
            message = codec.decode(bytes);
        } catch (UndecodableMessageException e) {
            deadLetter(exchange, bytes, e.getMessage(), e.runId(), e.itemIds());
            exchange.getMessage().setBody(List.of());
            return;
        }
        ActiveRun run;
        try {
            run = workerRuns.follow(message.runId());
        } catch (WorkerRuns.Refused refused) {
            LOG.error("Run {}: {}", message.runId(), refused.getMessage());
            failItems(message.runId(), message.records().stream().map(StageRecord::itemId).toList(),
                    refused.getMessage());
            exchange.getMessage().setBody(List.of());
            return;
        }
        if (run == null) {
            exchange.getMessage().setBody(List.of());
            return;
        }
        Map<Long, ItemState> states = states(run, message.records().stream().map(StageRecord::itemId).toList());
        List<PipelineRecord> records = new ArrayList<>();
        for (StageRecord r : message.records()) {
            ItemState state = states.get(r.itemId());
            if (state == ItemState.RECEIVED || state == ItemState.EXTRACTED || state == ItemState.MAPPED) {
                PipelineRecord record = new PipelineRecord(message.runId(), r.itemId(), r.sourceName(), r.record());
                record.setMappedBefore(state == ItemState.MAPPED);
                records.add(record);
            }
        }
        exchange.getMessage().setBody(records);
    }

    /** Match stage, receiving: the record, or null when it is not for this run's match stage (any more). */
    public void fromMatch(Exchange exchange) {
        if (!kafka) {
            return;
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(null);
        StageMessage message;
        try {
            message = codec.decode(bytes);
        } catch (UndecodableMessageException e) {
            deadLetter(exchange, bytes, e.getMessage(), e.runId(), e.itemIds());
            return;
        }
        ActiveRun run = runs.currentOrNull();
        if (run == null || run.runId() != message.runId() || message.records().size() != 1) {
            return;
        }
        StageRecord r = message.records().get(0);
        if (!run.takeForMatch(r.itemId())) {
            LOG.debug("Item {} reached the match stage again (a redelivery); passed over", r.itemId());
            return;
        }
        PipelineRecord record = new PipelineRecord(message.runId(), r.itemId(), r.sourceName(), r.record());
        record.setMapped(r.mapped());
        record.setLoadable(r.loadable());
        exchange.getMessage().setBody(record);
    }

    /**
     * Commits the consumed message's offset, once everything it led to is in the ledger and on the next topic: a
     * worker stopped before this point leaves the message to another worker.
     */
    public void commit(Exchange exchange) {
        KafkaManualCommit manual = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT,
                KafkaManualCommit.class);
        if (manual == null) {
            return;
        }
        try {
            manual.commit();
        } catch (RuntimeException e) {
            // Kafka's own or wrapped by Camel: the broker went away, or this worker paused so long that the group gave
            // its partitions to another. The message is delivered again, which is harmless (see the class comment).
            LOG.warn("Offset not committed ({}); the message will be delivered again", e.getClass().getSimpleName());
        }
    }

    private static Map<Long, ItemState> states(ActiveRun run, List<Long> ids) {
        return states(run.ledger(), run.runId(), ids);
    }

    /** The ledger states of a run's items, by item id (items of other runs are not in it). */
    static Map<Long, ItemState> states(io.chartbridge.core.ledger.Ledger ledger, long runId, List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Object[] args = new Object[ids.size() + 1];
        args[0] = runId;
        for (int i = 0; i < ids.size(); i++) {
            args[i + 1] = ids.get(i);
        }
        Map<Long, ItemState> states = new HashMap<>();
        ledger.query("select id, state from source_item where run_id = ? and id in ("
                        + String.join(",", Collections.nCopies(ids.size(), "?")) + ")",
                rs -> Map.entry(rs.getLong(1), ItemState.valueOf(rs.getString(2))), args)
                .forEach(e -> states.put(e.getKey(), e.getValue()));
        return states;
    }

    /**
     * Keeps a message no stage can read on the dead-letter topic, with the reason and where it came from, and marks
     * the items it names FAILED. The bytes may hold PHI: they stay on the broker, never in a log.
     */
    private void deadLetter(Exchange from, byte[] bytes, String reason, Long runId, List<Long> itemIds) {
        String topic = from.getMessage().getHeader(KafkaConstants.TOPIC, String.class);
        Object key = from.getMessage().getHeader(KafkaConstants.KEY);
        LOG.warn("A message on {} cannot be read; kept on the dead-letter topic ({} item(s) named)", topic,
                itemIds.size());
        producer.send(deadLetter, e -> {
            e.getMessage().setBody(bytes == null ? new byte[0] : bytes);
            if (key != null) {
                e.getMessage().setHeader(KafkaConstants.KEY, key.toString());
            }
            e.getMessage().setHeader(REASON_HEADER, reason);
            e.getMessage().setHeader(TOPIC_HEADER, String.valueOf(topic));
        });
        if (runId != null) {
            failItems(runId, itemIds, "undecodable message on " + topic + ": " + reason);
        }
    }

    /** Marks those of a run's items that are not settled yet FAILED with the reason. */
    private void failItems(long runId, List<Long> itemIds, String reason) {
        if (itemIds.isEmpty()) {
            return;
        }
        ActiveRun run = runs.currentOrNull();
        if (run != null && run.runId() == runId) {
            run.apply(failing(run.ledger(), runId, itemIds, reason));
        } else {
            workerRuns.withLedger(ledger -> ledger.apply(failing(ledger, runId, itemIds, reason)));
        }
    }

    private static LedgerWrites failing(io.chartbridge.core.ledger.Ledger ledger, long runId, List<Long> itemIds,
                                        String reason) {
        LedgerWrites writes = new LedgerWrites();
        states(ledger, runId, itemIds).forEach((id, state) -> {
            if (!state.isSettled()) {
                writes.transition(id, ItemState.FAILED, reason);
            }
        });
        return writes;
    }
}
