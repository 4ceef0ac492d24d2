package io.cfdeploy.model;

import io.cfdeploy.domain.DeploymentStrategy;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link DeploymentStrategy} by its wire name, as the column has always held it. */
@Converter(autoApply = true)
public class DeploymentStrategyColumn implements AttributeConverter<DeploymentStrategy, String> {
    @Override
    public String convertToDatabaseColumn(DeploymentStrategy strategy) {
        return strategy == null ? null : strategy.wireName();
    }

    @Override
    public DeploymentStrategy convertToEntityAttribute(String name) {
        return name == null ? null : DeploymentStrategy.fromWire(name)
                .orElseThrow(() -> new IllegalStateException("unknown deployment strategy in the database: " + name));
    }
}
