package io.chartbridge.engine.kafka;

/**
 * A project's topics: {@code <prefix>.map} carries chunks of extracted records to the map workers,
 * {@code <prefix>.match} carries mapped records to the match stage, {@code <prefix>.dead-letter} keeps messages no
 * stage could read, with the reason.
 */
public record KafkaStageTopics(String prefix) {

    public String map() {
        return prefix + ".map";
    }

    public String match() {
        return prefix + ".match";
    }

    public String deadLetter() {
        return prefix + ".dead-letter";
    }
}
