package io.chartbridge.app.web;

import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IPostProcessorDialect;
import org.thymeleaf.postprocessor.IPostProcessor;
import org.thymeleaf.postprocessor.PostProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Makes every console page show invisible control and bidi characters as {@code [U+202E]} (see
 * {@link VisibleCharactersHandler}). A post-processor over the rendered page rather than a helper each template
 * must remember: record data reaches the pages in many places (names, reasons, locations, codes, audit entries),
 * and one forgotten {@code th:text} would show a reversed name raw. Spring Boot adds every dialect bean to the
 * template engine.
 */
@Component
@Profile("console")
class VisibleCharactersDialect extends AbstractDialect implements IPostProcessorDialect {

    VisibleCharactersDialect() {
        super("chartbridge-visible-characters");
    }

    @Override
    public int getDialectPostProcessorPrecedence() {
        return 1000;
    }

    @Override
    public Set<IPostProcessor> getPostProcessors() {
        return Set.of(new PostProcessor(TemplateMode.HTML, VisibleCharactersHandler.class, 1000));
    }
}
