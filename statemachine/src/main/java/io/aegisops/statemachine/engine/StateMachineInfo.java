package io.aegisops.statemachine.engine;

import java.time.Instant;

/** What DescribeStateMachine returns (Standard workflows only). */
public record StateMachineInfo(
        String stateMachineArn, String name, String definition, String roleArn, Instant creationDate) {

    public String type() {
        return "STANDARD";
    }

    public String status() {
        return "ACTIVE";
    }
}
