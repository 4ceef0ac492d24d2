package io.cfdeploy.runtime;

/**
 * One line an instance wrote.
 *
 * @param timestampNanos when it was written, nanoseconds since the epoch
 * @param sourceType     CF's source type, e.g. {@code APP/PROC/WEB}
 * @param instanceIndex  the writing instance's index
 * @param stderr         whether it went to standard error
 * @param text           the line, without its line break
 */
public record LogLine(long timestampNanos, String sourceType, int instanceIndex, boolean stderr, String text) {
}
