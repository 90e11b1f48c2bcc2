package io.overlaywatch.jobs.serialization;

import io.overlaywatch.model.Sample;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information that gives {@link Sample} its own {@link SampleSerializer}; {@link JobTypes} puts it to use. */
public final class SampleTypeInfo extends TypeInformation<Sample> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Sample> getTypeClass() {
        return Sample.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Sample> createSerializer(SerializerConfig config) {
        return SampleSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "SampleTypeInfo";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SampleTypeInfo;
    }

    @Override
    public int hashCode() {
        return SampleTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof SampleTypeInfo;
    }
}
