#!/bin/sh
# Small stand-in for Kafka's bin/kafka-run-class.sh: java + /opt/kafka/libs + log4j2 config.
# CLI defaults favour start-up time (tools are short-lived); the broker overrides them.
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} \
	${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true} \
	${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.properties} \
	${KAFKA_OPTS:-} -cp '/opt/kafka/libs/*' "$@"
