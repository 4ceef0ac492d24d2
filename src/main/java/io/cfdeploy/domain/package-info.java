/**
 * Closed sets of the CF model (a deployment's strategy…) as enums with their wire names: pure Java, decided once,
 * used by every layer from the message that reads them to the presenter that writes them.
 */
package io.cfdeploy.domain;
