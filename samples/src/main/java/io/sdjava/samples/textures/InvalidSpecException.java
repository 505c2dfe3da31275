package io.sdjava.samples.textures;

import java.util.List;

/** A texture-pack spec with one or more problems, all listed, found before any generation starts. */
final class InvalidSpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidSpecException(List<String> problems) {
        super(problems.size() + " problem(s) in the spec: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return one message per problem, in the order found */
    List<String> problems() {
        return problems;
    }
}
