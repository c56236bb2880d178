package io.chartbridge.sandbox;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * The sandbox as an EHR that takes neither transactions nor client-assigned ids, as many production FHIR APIs do
 * ({@code --sandbox.refuse-transactions-and-client-ids=true}): a transaction Bundle is refused with 405 (batches
 * are taken), PUT to an id the server does not hold is refused (HAPI's client-id strategy NOT_ALLOWED), and the
 * CapabilityStatement says all three, so that a client can adapt before it sends anything.
 */
final class SandboxRefusals {

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void refuseTransactions(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation != RestOperationTypeEnum.TRANSACTION && operation != RestOperationTypeEnum.BATCH) {
            return;
        }
        String body = new String(request.loadRequestContents(), StandardCharsets.UTF_8);
        if (body.replaceAll("\\s", "").contains("\"type\":\"transaction\"")) {
            throw new MethodNotAllowedException("This server does not take transactions; send a batch or one request"
                    + " per resource");
        }
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void sayWhatIsRefused(IBaseConformance statement) {
        if (!(statement instanceof CapabilityStatement cs)) {
            return;
        }
        for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
            rest.getInteraction().removeIf(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
            if (rest.getInteraction().stream()
                    .noneMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.BATCH)) {
                rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
            }
            for (CapabilityStatement.CapabilityStatementRestResourceComponent r : rest.getResource()) {
                r.setUpdateCreate(false);
                r.setConditionalCreate(true);
                r.setConditionalUpdate(true);
            }
        }
    }
}
