package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import java.io.IOException;

/** Wraps the deserializers of the spec records to note where each object starts in the file. */
final class LineRecordingDeserializer extends DelegatingDeserializer {

    private static final long serialVersionUID = 1L;

    LineRecordingDeserializer(JsonDeserializer<?> delegate) {
        super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
        return new LineRecordingDeserializer(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        Object value = super.deserialize(p, ctxt);
        SpecLines lines = SpecLines.from(ctxt);
        if (lines != null) {
            lines.record(value, line);
        }
        return value;
    }

    /** Applies the wrapper to the records of this package only. */
    static final class Modifier extends BeanDeserializerModifier {

        private static final long serialVersionUID = 1L;

        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription beanDesc,
                                                      JsonDeserializer<?> deserializer) {
            Class<?> type = beanDesc.getBeanClass();
            boolean ours = type.getPackage() == SpecLines.class.getPackage() && type.isRecord()
                    && type != TransformSpec.class;
            return ours ? new LineRecordingDeserializer(deserializer) : deserializer;
        }
    }
}
