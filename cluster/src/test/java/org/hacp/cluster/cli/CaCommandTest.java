package org.hacp.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.hacp.tls.TlsMaterial;
import org.hacp.tls.TlsMaterialSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scripts/ca}: issued material loads; re-issuing rotates in place; a bad member name is refused. */
class CaCommandTest {
    @TempDir
    Path dir;

    private int ca(String... args) {
        return new CommandLine(new CaCommand()).execute(args);
    }

    private X509Certificate load(String member) {
        return TlsMaterial.load(new TlsMaterialSource.Pem(
                        dir.resolve(member + ".crt"), dir.resolve(member + ".key"), dir.resolve("ca.crt")))
                .certificate();
    }

    @Test
    void issuesLoadableCertificatesAndRotatesThemInPlace() {
        assertThat(ca("--dir", dir.toString(), "jobmanager-1", "taskexecutor-1"))
                .isZero();
        X509Certificate first = load("jobmanager-1");
        assertThat(first.getSubjectX500Principal().getName()).isEqualTo("CN=jobmanager-1,O=hacp");
        assertThat(load("taskexecutor-1")).isNotNull();

        assertThat(ca("--dir", dir.toString(), "jobmanager-1")).isZero();
        X509Certificate rotated = load("jobmanager-1");
        assertThat(rotated.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(rotated.getIssuerX500Principal()).isEqualTo(first.getIssuerX500Principal());
    }

    @Test
    void aBadMemberNameIsRefused() {
        assertThat(ca("--dir", dir.toString(), "../etc/passwd")).isEqualTo(2);
    }
}
