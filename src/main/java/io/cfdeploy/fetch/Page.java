package io.cfdeploy.fetch;

import java.util.List;

/** One page of a list and the total number of matches. */
public record Page<T>(List<T> resources, long totalResults) {
}
