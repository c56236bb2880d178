package io.chartbridge.core.project;

/**
 * Where a project's id secret comes from (see {@link ProjectIds}).
 *
 * @param secret {@code ids.secret} of project.yaml, given through {@code ${VAR}} from the environment; null means
 *               the secret generated on first use into {@code .chartbridge/id-secret} next to project.yaml
 */
public record IdsSpec(String secret) {

    public static final IdsSpec GENERATED = new IdsSpec(null);

    @Override
    public String toString() {
        return "IdsSpec[" + (secret == null ? "generated" : "configured") + "]";
    }
}
