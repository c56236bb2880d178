package io.chartbridge.app.dashboard;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives the dashboard's and reports' templates {@code ${times}}, to show instants in the project's time zone. */
@ControllerAdvice(basePackages = {"io.chartbridge.app.dashboard", "io.chartbridge.app.report"})
@Profile("console")
class HumanTimesAdvice {

    private final ObjectProvider<HumanTimes> times;

    /** Optional, so that web slice tests of other pages need not provide it. */
    HumanTimesAdvice(ObjectProvider<HumanTimes> times) {
        this.times = times;
    }

    @ModelAttribute("times")
    HumanTimes times() {
        return times.getIfAvailable();
    }
}
