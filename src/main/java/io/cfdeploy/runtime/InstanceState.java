package io.cfdeploy.runtime;

/** An instance's state as CAPI's stats report it. */
public enum InstanceState {
    STARTING, RUNNING, CRASHED, DOWN
}
