package io.chartbridge.app.run;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Gathers records into lists: a batch for the match stage's candidate search, a transaction bundle for the load stage. */
@Component("batchAggregation")
public class BatchAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        PipelineRecord record = newExchange.getMessage().getBody(PipelineRecord.class);
        if (oldExchange == null) {
            List<PipelineRecord> batch = new ArrayList<>();
            batch.add(record);
            newExchange.getMessage().setBody(batch);
            return newExchange;
        }
        @SuppressWarnings("unchecked")
        List<PipelineRecord> batch = oldExchange.getMessage().getBody(List.class);
        batch.add(record);
        return oldExchange;
    }
}
