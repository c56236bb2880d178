package io.chartbridge.app.web;

import io.chartbridge.app.review.CodeTables;
import io.chartbridge.app.review.ReviewService;
import io.chartbridge.core.review.ReviewConflictException;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewItemNotFoundException;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewSort;
import io.chartbridge.core.target.TargetUnavailableException;
import java.security.Principal;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The reviewer's pages: the queue, one item, and the actions on it. */
@Controller
@Profile("console")
class ReviewPageController {

    private final ReviewService reviews;
    private final CodeTables codeTables;
    private final ObjectProvider<ClientRegistrationRepository> oidc;

    ReviewPageController(ReviewService reviews, CodeTables codeTables,
                         ObjectProvider<ClientRegistrationRepository> oidc) {
        this.reviews = reviews;
        this.codeTables = codeTables;
        this.oidc = oidc;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/review";
    }

    @GetMapping("/login")
    String login(Model model) {
        List<ClientRegistration> providers = new java.util.ArrayList<>();
        if (oidc.getIfAvailable() instanceof Iterable<?> registrations) {
            registrations.forEach(r -> providers.add((ClientRegistration) r));
        }
        model.addAttribute("oidcProviders", providers);
        return "login";
    }

    @GetMapping("/review")
    String queue(@ModelAttribute("params") QueueParams params, Model model) {
        model.addAttribute("page", reviews.list(params.toFilter()));
        model.addAttribute("counts", reviews.counts());
        model.addAttribute("kinds", ReviewKind.values());
        model.addAttribute("sorts", ReviewSort.values());
        model.addAttribute("sources", reviews.sources());
        model.addAttribute("runs", reviews.runs());
        return "queue";
    }

    @GetMapping("/review/items/{id}")
    String item(@PathVariable long id, Principal user, Model model) {
        ReviewItem item = reviews.view(id, user.getName(), "page");
        model.addAttribute("item", item);
        model.addAttribute("mine", user.getName().equals(item.claimedBy()));
        model.addAttribute("heldByOther", item.claimedBy() != null && !user.getName().equals(item.claimedBy())
                && item.status() == io.chartbridge.core.review.ReviewStatus.CLAIMED);
        if (item.kind().isMatch()) {
            model.addAttribute("match", MatchView.of(item.payload()));
        }
        if (item.kind() == ReviewKind.UNMAPPED_CODE) {
            String table = item.payload().path("codeTablePath").asText(null);
            model.addAttribute("codes", table == null ? List.of() : codeTables.targets(table));
            model.addAttribute("codeSystems", table == null ? List.of() : codeTables.systems(table));
        }
        return "item";
    }

    @GetMapping("/review/items/{id}/crop.png")
    ResponseEntity<byte[]> crop(@PathVariable long id, Principal user) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .body(reviews.crop(id, user.getName()));
    }

    @PostMapping("/review/items/{id}/claim")
    String claim(@PathVariable long id, Principal user, RedirectAttributes flash) {
        try {
            reviews.claim(id, user.getName());
        } catch (ReviewConflictException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/review/items/" + id;
    }

    /** Claims the next free item of the current filter and opens it: working through the queue without picking. */
    @PostMapping("/review/next")
    String next(@ModelAttribute("params") QueueParams params, Principal user, RedirectAttributes flash) {
        var next = reviews.claimNext(user.getName(), params.toFilter());
        if (next.isEmpty()) {
            flash.addFlashAttribute("message", "Nothing left to review in this view.");
            return "redirect:/review";
        }
        return "redirect:/review/items/" + next.get().id();
    }

    @PostMapping("/review/items/{id}/release")
    String release(@PathVariable long id, Principal user, RedirectAttributes flash) {
        try {
            reviews.release(id, user.getName());
            flash.addFlashAttribute("message", "Item " + id + " is back in the queue.");
        } catch (ReviewConflictException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/review";
    }

    @PostMapping("/review/items/{id}/decide")
    String decide(@PathVariable long id, DecisionRequest request, Principal user, RedirectAttributes flash) {
        try {
            ReviewService.Decided decided = reviews.decide(id, user.getName(), request.toDecision());
            flash.addFlashAttribute("message", "Item " + id + ": " + request.action() + " — record "
                    + decided.released().outcome() + " (" + decided.released().message() + ")");
            return "redirect:/review";
        } catch (ReviewConflictException | IllegalArgumentException | TargetUnavailableException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/review/items/" + id;
        }
    }

    /** Adds a code to the item's code table: only with the box ticked, so it is never done by accident. */
    @PostMapping("/review/items/{id}/code-table")
    String addCode(@PathVariable long id, NewCodeRequest request, Principal user, RedirectAttributes flash) {
        if (!Boolean.TRUE.equals(request.confirm())) {
            flash.addFlashAttribute("error", "Tick the box to add the code to the table.");
            return "redirect:/review/items/" + id;
        }
        try {
            CodeTables.TargetCode added = reviews.addCode(id, user.getName(), request.system(), request.code(),
                    request.display());
            flash.addFlashAttribute("message", "Code " + added.code() + " added to the table; choose it below.");
        } catch (ReviewConflictException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/review/items/" + id;
    }

    @ExceptionHandler(ReviewItemNotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Model model, ReviewItemNotFoundException e) {
        model.addAttribute("error", e.getMessage());
        return "not-found";
    }
}
