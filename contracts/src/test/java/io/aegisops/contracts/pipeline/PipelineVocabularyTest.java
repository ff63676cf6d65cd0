package io.aegisops.contracts.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: the vocabulary's derived names and its reading of the state document. */
class PipelineVocabularyTest {

    @Nested
    class Functions {
        @Test
        void theEmbeddedStackNamesEachFunctionAfterItsId() {
            assertThat(PipelineFunction.INGEST.functionName()).isEqualTo("aegis-ingest");
            assertThat(PipelineFunction.COLLECT_EVIDENCE.functionName()).isEqualTo("aegis-collect-evidence");
            assertThat(PipelineFunction.REQUEST_APPROVAL.functionName()).isEqualTo("aegis-request-approval");
        }

        @Test
        void theStateMachineInvokesAllButTheApiAndSnsFunctions() {
            assertThat(PipelineFunction.stateMachineTasks())
                    .doesNotContain(PipelineFunction.INGEST, PipelineFunction.SNS_ALARM)
                    .hasSize(PipelineFunction.values().length - 2)
                    .allSatisfy(f -> assertThat(f.arnPlaceholder()).contains(f.id() + "FunctionArn"));
        }

        @Test
        void theHandlerStringNamesTheStreamHandlersMethod() {
            assertThat(PipelineFunction.DIAGNOSE.handler())
                    .isEqualTo("io.aegisops.functions.diagnose.DiagnoseHandler::handleRequest");
        }
    }

    @Nested
    class Routes {
        @Test
        void aPathFitsOnlyItsOwnTemplate() {
            assertThat(ApiRoute.POST_ALERTS.match("/alerts")).contains(Map.of());
            assertThat(ApiRoute.LIST_INCIDENTS.match("/incidents/")).contains(Map.of());
            assertThat(ApiRoute.GET_INCIDENT.match("/incidents/inc-1")).contains(Map.of("id", "inc-1"));
            assertThat(ApiRoute.DECIDE_APPROVAL.match("/incidents/inc-1/approval"))
                    .contains(Map.of("id", "inc-1"));
            assertThat(ApiRoute.GET_INCIDENT.match("/incidents")).isEmpty();
            assertThat(ApiRoute.DECIDE_APPROVAL.match("/incidents/inc-1/approve"))
                    .isEmpty();
            assertThat(ApiRoute.POST_ALERTS.match("/alerts/x")).isEmpty();
        }

        @Test
        void everyPathFitsOneRouteAtMost() {
            for (ApiRoute route : ApiRoute.values()) {
                String path = route.path().replace("{id}", "x");
                assertThat(Arrays.stream(ApiRoute.values())
                                .filter(r -> r.match(path).isPresent()))
                        .containsExactly(route);
            }
        }
    }

    @Nested
    class Timeline {
        @Test
        void storedIncidentsKeepTheirStageNames() {
            assertThat(Arrays.stream(TimelineStage.values()).map(TimelineStage::wireName))
                    .containsExactly(
                            "RECEIVED",
                            "TARGET_UNKNOWN",
                            "EXECUTION_STARTED",
                            "DUPLICATE",
                            "ALERT_RESOLVED",
                            "APPROVED",
                            "REJECTED",
                            "APPROVAL_REFUSED",
                            "APPROVAL_NOT_DELIVERED",
                            "APPROVAL_WITHDRAWN",
                            "evidence",
                            "diagnosis",
                            "decision",
                            "approval",
                            "remediation",
                            "verification",
                            "outcome",
                            "notified",
                            "STACK_RESTARTED");
        }

        @Test
        void anEntryIsWrittenAndRecognisedByItsStoredName() {
            TimelineEntry entry = TimelineEntry.of(Instant.EPOCH, TimelineStage.DECISION, "AUTO");
            assertThat(entry.stage()).isEqualTo("decision");
            assertThat(entry.is(TimelineStage.DECISION)).isTrue();
            assertThat(entry.is(TimelineStage.DIAGNOSIS)).isFalse();
            assertThat(Json.write(entry))
                    .isEqualTo("{\"at\":\"1970-01-01T00:00:00Z\",\"stage\":\"decision\",\"detail\":\"AUTO\"}");
        }
    }

    @Nested
    class States {
        @Test
        void stateNamesAreUniqueAndFoundByName() {
            for (PipelineState state : PipelineState.values()) {
                assertThat(PipelineState.named(state.stateName())).contains(state);
            }
            assertThat(PipelineState.named("NoSuchState")).isEmpty();
        }

        @Test
        void eachFailStateEndsWithAnErrorThatOnlyEndsExecutions() {
            assertThat(Arrays.stream(PipelineState.values()).flatMap(s -> s.failure().stream()))
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(PipelineError.values())
                            .filter(e -> e.handling() == PipelineError.Handling.ENDS_EXECUTION)
                            .toList());
        }
    }

    @Nested
    class Document {
        private StateDocument read(String json) throws Exception {
            return StateDocument.read(Json.mapper().readTree(json));
        }

        @Test
        void aPartHoldsItsResultOrTheErrorCaughtInItsPlace() throws Exception {
            StateDocument doc = read("""
                    {"incidentId": "inc-1", "service": "buggy-app",
                     "evidence": {"Error": "States.Timeout", "Cause": "no answer"},
                     "analysis": {"diagnosis": {"rootCause": "leak", "action": "RESTART", "confidence": 0.9, "source": "RULES"},
                                  "decision": {"mode": "AUTO"}},
                     "outcome": {"status": "RESOLVED", "reason": "healthy after remediation"}}""");
            assertThat(doc.incidentId()).isEqualTo("inc-1");
            assertThat(doc.service()).isEqualTo("buggy-app");
            assertThat(doc.evidence().result()).isNull();
            assertThat(doc.evidence().caught()).isEqualTo(new StateDocument.CaughtError("States.Timeout"));
            assertThat(doc.analysis().result().decision().mode()).isEqualTo(DecisionMode.AUTO);
            assertThat(doc.approval().isWritten()).isFalse();
            assertThat(doc.outcome())
                    .isEqualTo(new StateDocument.Outcome(IncidentStatus.RESOLVED, "healthy after remediation"));
        }

        @Test
        void theVerifyLoopSaysWhetherTheAttemptWasJudged() throws Exception {
            StateDocument probed = read("""
                    {"verify": {"attempt": 2, "result": {"type": "PROBE", "success": true, "httpStatus": 200}}}""");
            assertThat(probed.verify().result().healthy()).isNull();
            assertThat(probed.verify().result().result().httpStatus()).isEqualTo(200);
            StateDocument timedOut = read("""
                    {"verify": {"attempt": 6, "healthy": false, "timedOut": true, "error": {"Error": "States.Timeout"}}}""");
            assertThat(timedOut.verify().result())
                    .isEqualTo(new StateDocument.VerifyLoop(
                            6, false, true, null, new StateDocument.CaughtError("States.Timeout")));
        }

        @Test
        void aServiceOfNullAndAnIncidentIdThatIsNotTextAreAbsent() throws Exception {
            JsonNode node = Json.mapper().readTree("{\"incidentId\": 7, \"service\": null}");
            StateDocument doc = StateDocument.read(node);
            assertThat(doc.incidentId()).isNull();
            assertThat(doc.service()).isNull();
            assertThat(doc.outcome()).isNull();
            assertThat(doc.learnError()).isNull();
        }
    }
}
