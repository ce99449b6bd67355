package org.hacp.tls;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The check of a peer's identity after a handshake, beyond "issued by the cluster's CA". */
public final class PeerCertificates {
    private PeerCertificates() {}

    /**
     * Why the peer of {@code session} is refused, or empty when it is accepted: with a pattern, its
     * certificate's subject or one of its subject alternative names must match it entirely.
     */
    public static Optional<String> refusal(SSLSession session, Pattern peerSubject) {
        if (peerSubject == null) {
            return Optional.empty();
        }
        X509Certificate peer;
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate x509)) {
                return Optional.of("the peer presented no X.509 certificate");
            }
            peer = x509;
        } catch (SSLPeerUnverifiedException e) {
            return Optional.of("the peer presented no certificate");
        }
        List<String> names = names(peer);
        for (String name : names) {
            if (peerSubject.matcher(name).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of("peer certificate names " + names + " do not match hacp.security.tls.peer-subject = '"
                + peerSubject.pattern() + "'");
    }

    /** The subject DN and every DNS, IP, URI or e-mail subject alternative name of {@code cert}. */
    static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        names.add(cert.getSubjectX500Principal().getName());
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && san.get(1) instanceof String value) {
                        names.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // a certificate with unreadable SANs is matched by its subject only
        }
        return names;
    }
}
