package io.chartbridge.app.web;

import io.chartbridge.core.review.InvisibleCharacters;
import org.thymeleaf.engine.AbstractTemplateHandler;
import org.thymeleaf.model.IAttribute;
import org.thymeleaf.model.IModelFactory;
import org.thymeleaf.model.IOpenElementTag;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.model.IStandaloneElementTag;
import org.thymeleaf.model.IText;

/**
 * Rewrites the text and attribute values of a rendered page so that no invisible control or bidi character reaches
 * the browser raw: each becomes {@code [U+XXXX]} ({@link InvisibleCharacters#visible}). The replacement is plain
 * ASCII without markup characters, so it is safe in escaped text and attribute values alike. An input prefilled
 * with such a value shows the notation too, so a reviewer sees it and types the value without it (what a reviewer
 * types is refused with such characters).
 */
public final class VisibleCharactersHandler extends AbstractTemplateHandler {

    @Override
    public void handleText(IText text) {
        String shown = InvisibleCharacters.visible(text.getText());
        super.handleText(shown.equals(text.getText()) ? text : factory().createText(shown));
    }

    @Override
    public void handleOpenElement(IOpenElementTag tag) {
        super.handleOpenElement(visibleAttributes(tag));
    }

    @Override
    public void handleStandaloneElement(IStandaloneElementTag tag) {
        super.handleStandaloneElement(visibleAttributes(tag));
    }

    private <T extends IProcessableElementTag> T visibleAttributes(T tag) {
        T out = tag;
        for (IAttribute a : tag.getAllAttributes()) {
            String value = a.getValue();
            String shown = InvisibleCharacters.visible(value);
            if (value != null && !shown.equals(value)) {
                out = factory().replaceAttribute(out, a.getAttributeDefinition().getAttributeName(),
                        a.getAttributeCompleteName(), shown, a.getValueQuotes());
            }
        }
        return out;
    }

    private IModelFactory factory() {
        return getContext().getModelFactory();
    }
}
