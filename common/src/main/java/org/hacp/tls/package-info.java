/**
 * Mutual TLS for every connection of a process (issue 12): settings ({@link org.hacp.tls.TlsConfig}),
 * loading and checking key material ({@link org.hacp.tls.TlsMaterial}), reloading it when its files
 * change ({@link org.hacp.tls.RotatingTlsMaterial}), the peer identity check
 * ({@link org.hacp.tls.PeerCertificates}) and a throwaway CA for local clusters
 * ({@link org.hacp.tls.ClusterCa}).
 *
 * <p>Threading:
 *
 * <table>
 *   <caption>who calls what</caption>
 *   <tr><th>class</th><th>threads</th><th>state</th></tr>
 *   <tr><td>TlsConfig, TlsMaterial, TlsMaterialSource</td><td>any</td><td>immutable values</td></tr>
 *   <tr><td>RotatingTlsMaterial</td><td>any thread that sets up a connection (Artery's stream
 *       threads, the HTTPS server's dispatcher)</td><td>current material in a volatile field;
 *       reloads serialized by a lock, at most one per reload interval</td></tr>
 *   <tr><td>RotatingManagers</td><td>the TLS handshake's thread</td><td>none of its own: reads
 *       RotatingTlsMaterial</td></tr>
 *   <tr><td>PeerCertificates</td><td>any</td><td>none</td></tr>
 *   <tr><td>ClusterCa</td><td>one thread (the launcher's)</td><td>not thread-safe; files written
 *       atomically (key before certificate)</td></tr>
 * </table>
 */
package org.hacp.tls;
