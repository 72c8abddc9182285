/**
 * Test support shared by the receiver's tests in several packages: the receiver run in-process
 * ({@link io.hookline.receiver.testing.RunningReceiver}) or as its jar
 * ({@link io.hookline.receiver.testing.ReceiverProcess}), loopback downstreams and fake providers,
 * signed deliveries and real payloads, and waiting for what happens in the background. Test
 * sources only; support used by one package's tests lives in that package.
 */
package io.hookline.receiver.testing;
