#!/usr/bin/env python3
# Derives resources/examples/ecommerce-flawed.json from ecommerce.json: one deliberate mistake
# per lint rule, for trainers. Usage: make-ecommerce-flawed.py RAW.json, then
# archsim-cli convert RAW.json resources/examples/ecommerce-flawed.json (canonical form).
import json, copy
import os, sys
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
src = os.path.join(ROOT, 'resources/examples/ecommerce.json')
m = json.load(open(src))
LINKS = ('user-svc-shop-db (cache/write-without-invalidation), shoppers-cdn-account (cache/user-data-on-cdn), back-office-reporting-svc (security/link-without-tls), user-svc-shop-db-read (security/excess-grants), api-gateway-user-svc (reliability/no-timeout), order-svc-payment-gateway (reliability/retry-without-backoff, reliability/no-circuit-breaker, operations/retry-not-rate-limit-aware), edge-lb-api-gateway (reliability/retry-amplification), reporting-svc-shop-db (reliability/analytics-on-primary), catalog-svc-user-svc and user-svc-catalog-svc (reliability/sync-cycle), notification-worker-order-events (streams/no-dead-letter), fulfilment-tracker-order-events (streams/auto-commit-loss), order-svc-shop-db-replica (data/replica-read-your-writes), orders-etl-shop-db (data/job-on-primary), order-svc-shop-db-totals (data/view-refresh-blocks-readers)')
m['name'] = 'E-commerce platform (flawed, for training)'
m['description'] = ('The e-commerce example with one deliberate mistake per lint rule, for '
    'trainers: run `archsim-cli lint resources/examples/ecommerce-flawed.json` and walk '
    'through the findings. Each flaw is named in the description of the element it sits on '
    '(search for "FLAW"); the flawed links are listed here: ' + LINKS + '. docs/lint.md explains every rule.')
C = {c['id']: c for c in m['components']}
L = {l['id']: l for l in m['links']}
T = {t['name']: t for t in m['schemas'][0]['tables']}

def flaw(obj, rule, text):
    key = 'description' if 'id' in obj else 'comment'
    d = obj.get(key, '')
    obj[key] = (d + ' ' if d else '') + 'FLAW (' + rule + '): ' + text

def col(name, typ, **kw):
    c = {'name': name, 'type': typ, 'nullable': False}
    c.update(kw)
    return c

# schema/fk-without-index
T['order_items']['indexes'] = [i for i in T['order_items']['indexes'] if i['name'] != 'order_items_product']
flaw(T['order_items'], 'schema/fk-without-index', 'the index on product_id was dropped; the foreign key to products has none.')
# schema/no-primary-key
tables = m['schemas'][0]['tables']
audit = {'name': 'audit_log', 'columns': [col('at', 'timestamptz'), col('actor', 'varchar(64)'), col('action', 'text')],
         'rows_per_month': 20000, 'row_bytes': 200}
flaw(audit, 'schema/no-primary-key', 'an audit table without a primary key.')
tables.append(audit)
# schema/large-table-unpartitioned + schema/uuid-as-text
reviews = {'name': 'reviews',
           'columns': [col('review_id', 'char(36)'), col('product_id', 'bigint'), col('stars', 'smallint'),
                       col('body', 'text'), col('created_at', 'timestamptz')],
           'primary_key': ['review_id'],
           'indexes': [{'name': 'reviews_product', 'columns': ['product_id', 'created_at DESC']}],
           'foreign_keys': [{'columns': ['product_id'], 'references': 'products', 'ref_columns': ['product_id']}],
           'rows_per_month': 450000, 'row_bytes': 400}
flaw(reviews, 'schema/large-table-unpartitioned', '450k reviews a month reach 10.8M rows in two years, unpartitioned.')
flaw(reviews, 'schema/uuid-as-text', 'review_id holds a UUID as char(36).')
tables.append(reviews)
# schema/partition-too-large
T['order_events']['rows_per_month'] = 1500000
flaw(T['order_events'], 'schema/partition-too-large', '1.5M events a month in monthly partitions.')
# schema/duplicate-index
T['orders']['indexes'].append({'name': 'orders_user', 'columns': ['user_id']})
flaw(T['orders'], 'schema/duplicate-index', 'orders_user is a prefix of orders_user_created.')

# cache/no-ttl-no-invalidation: a search cache with neither
search = {'id': 'search-cache', 'kind': 'cache', 'name': 'Search result cache',
          'replicas': 2, 'workers': 8, 'service_time': {'dist': 'exponential', 'mean_ms': 0.3},
          'zones': ['zone-a', 'zone-b'], 'capacity': 100000, 'keys': 500000, 'zipf': 1.0,
          'position': {'x': 980, 'y': 0}}
flaw(search, 'cache/no-ttl-no-invalidation', 'no ttl_s and no invalidation: results stay stale forever.')
m['components'].append(search)
m['links'].append({'id': 'catalog-svc-search-cache', 'from': 'catalog-svc', 'to': 'search-cache', 'kind': 'read',
                   'probability': 0.2, 'timeout_ms': 50, 'tls': True})
m['links'].append({'id': 'search-cache-shop-db', 'from': 'search-cache', 'to': 'shop-db', 'kind': 'fill',
                   'timeout_ms': 500, 'tls': True, 'tables': ['products']})
# cache/write-without-invalidation
del L['user-svc-shop-db']['invalidates']
# cache/user-data-on-cdn
m['links'].append({'id': 'shoppers-cdn-account', 'from': 'shoppers', 'to': 'cdn', 'kind': 'read',
                   'probability': 0.05, 'timeout_ms': 3000, 'tls': True, 'user_specific': True})
# security/sensitive-unencrypted
C['shop-db-replica']['encryption_at_rest'] = False
flaw(C['shop-db-replica'], 'security/sensitive-unencrypted', 'the reporting replica is not encrypted at rest, but holds users.email.')
# security/link-without-tls
L['back-office-reporting-svc']['tls'] = False
# security/excess-grants
m['links'].append({'id': 'user-svc-shop-db-read', 'from': 'user-svc', 'to': 'shop-db', 'kind': 'read',
                   'probability': 0.1, 'timeout_ms': 500, 'tls': True})
# security/secret-in-model
C['reporting-svc'].setdefault('deploy', {}).setdefault('env', {})['SMTP_PASSWORD'] = 'correct-horse-battery-staple'
flaw(C['reporting-svc'], 'security/secret-in-model', 'SMTP_PASSWORD is written in deploy.env.')
# reliability/no-timeout
del L['api-gateway-user-svc']['timeout_ms']
# reliability/retry-without-backoff + reliability/no-circuit-breaker (payment link)
L['order-svc-payment-gateway']['retries'] = {'max': 2, 'backoff_ms': 100, 'max_backoff_ms': 2000, 'jitter': 'none'}
del L['order-svc-payment-gateway']['circuit_breaker']
# reliability/retry-amplification: 4 attempts at the edge x 3 at the gateway = 12
L['edge-lb-api-gateway']['retries'] = {'max': 3, 'backoff_ms': 50, 'max_backoff_ms': 1000, 'jitter': 'full'}
# reliability/analytics-on-primary
m['links'].append({'id': 'reporting-svc-shop-db', 'from': 'reporting-svc', 'to': 'shop-db', 'kind': 'read',
                   'timeout_ms': 20000, 'tls': True, 'tables': ['orders'], 'purpose': 'analytics'})
# reliability/single-point-of-failure
C['user-svc']['replicas'] = 1
flaw(C['user-svc'], 'reliability/single-point-of-failure', 'one replica only.')
# reliability/zone-single-point-of-failure
C['api-gateway']['zones'] = ['zone-a']
flaw(C['api-gateway'], 'reliability/zone-single-point-of-failure', 'all three replicas run in zone-a.')
# reliability/sync-cycle
m['links'].append({'id': 'catalog-svc-user-svc', 'from': 'catalog-svc', 'to': 'user-svc', 'kind': 'call',
                   'probability': 0.1, 'timeout_ms': 300, 'tls': True})
m['links'].append({'id': 'user-svc-catalog-svc', 'from': 'user-svc', 'to': 'catalog-svc', 'kind': 'call',
                   'probability': 0.1, 'timeout_ms': 300, 'tls': True})
# capacity/high-utilization: the provider allows 2 concurrent calls: 9/s x 190 ms / 2 = 0.86
C['payment-gateway']['workers'] = 2
C['payment-gateway']['service_time'] = {'dist': 'lognormal', 'mean_ms': 190, 'cv': 0.8}
flaw(C['payment-gateway'], 'capacity/high-utilization', 'the contract allows 2 concurrent calls: 0.86 at the evening peak.')
# capacity/saturated: fulfilment 9/s x 250 ms on 2 servers = 1.125
C['fulfilment-worker']['workers'] = 1
C['fulfilment-worker']['service_time'] = {'dist': 'lognormal', 'mean_ms': 250, 'cv': 1.0}
flaw(C['fulfilment-worker'], 'capacity/saturated', 'one worker per replica at 250 ms cannot keep up with the evening peak.')
# capacity/unbounded-queue
del C['order-svc']['queue_limit']
flaw(C['order-svc'], 'capacity/unbounded-queue', 'queue_limit removed.')
# streams/consumers-beyond-partitions: 4 x 4 notification workers on 12 partitions
C['notification-worker']['replicas'] = 4
C['notification-worker']['workers'] = 4
flaw(C['notification-worker'], 'streams/consumers-beyond-partitions', '16 consumers read the 12 partitions of order-events: 4 sit idle.')
# streams/ordered-without-keys: the producer drops the key, the tracker needs order
L['order-svc-order-events']['key']['by_key'] = False
flaw(C['order-svc'], 'streams/ordered-without-keys', 'publishes order events round robin (by_key false); the fulfilment tracker and the order-status gateway need them in order per order.')
# streams/no-dead-letter
del L['notification-worker-order-events']['consume']['dead_letter']
# streams/retention-below-catch-up: two minutes of retention, a two-minute outage (consumer-outage)
C['order-events']['stream']['retention_s'] = 120
flaw(C['order-events'], 'streams/retention-below-catch-up', 'retention_s 120 is shorter than the consumer-outage scenario plus the catch-up after it.')
# streams/consumers-cannot-keep-up: one e-mail sender at 400 ms for 3 e-mails/s
C['email-sender']['replicas'] = 1
C['email-sender']['workers'] = 1
flaw(C['email-sender'], 'streams/consumers-cannot-keep-up', 'one sender at 400 ms per e-mail cannot keep up with 3 e-mails/s.')
# streams/auto-commit-loss
L['fulfilment-tracker-order-events']['consume']['commit'] = 'auto'
# operations/gateway-without-rate-limit: the gateway's token bucket is gone
del C['api-gateway']['rate_limit']
flaw(C['api-gateway'], 'operations/gateway-without-rate-limit', 'no rate limit: one client can take all the capacity.')
# operations/retry-not-rate-limit-aware: the provider's 100 calls/s, retried without Retry-After
L['order-svc-payment-gateway']['rate_limit'] = {'rate_rps': 100, 'burst': 20, 'per': 'global'}
# data/no-backups: the replicas' suppression is dropped below (they hold data without backups)
flaw(C['shop-db-replica'], 'data/no-backups', 'no backups of its own, and the suppression that pointed to shop-db\'s is gone.')
# data/backups-not-off-site and data/target-not-met: shop-db's backups stay in its zone
C['shop-db']['backup']['location'] = 'same_zone'
flaw(C['shop-db'], 'data/backups-not-off-site', 'backups in the primary\'s own zone: a zone or region loss takes them too.')
flaw(C['shop-db'], 'data/target-not-met', 'with every copy in one region, a region loss is not recoverable: the RPO target of 300 s cannot be met.')
# data/replica-read-your-writes: the order page reads the order just written from a replica
m['links'].append({'id': 'order-svc-shop-db-replica', 'from': 'order-svc', 'to': 'shop-db-replica',
                   'kind': 'read', 'tls': True, 'timeout_ms': 500, 'tables': ['orders'],
                   'read_your_writes': True})
# data/job-on-primary: the reporting ETL reads shop-db's primary
L['orders-etl-shop-db']['read_from'] = 'primary'
flaw(C['orders-etl'], 'data/job-on-primary', 'its read link reads shop-db\'s primary; its batches compete with the shoppers\' writes.')
# data/job-overlaps and data/job-without-sink: an audit export every minute that takes longer
# and writes nowhere
m['components'].append({'id': 'audit-export', 'kind': 'job', 'name': 'Audit export',
                        'job': {'interval_s': 60, 'rows': 50000000},
                        'description': 'FLAW (data/job-overlaps): 50 million rows every minute take about 40 minutes. FLAW (data/job-without-sink): it writes its rows nowhere.'})
m['links'].append({'id': 'audit-export-shop-db-replica', 'from': 'audit-export',
                   'to': 'shop-db-replica', 'kind': 'read', 'tls': True, 'timeout_ms': 30000})
# data/view-refresh-blocks-readers and data/view-refresh-overlaps: the order page reads a
# per-user summary refreshed every 5 s without CONCURRENTLY; a refresh (20M rows of orders and
# items read, 10M written: about 9 s) outlasts its period and locks the view all along
schema_views = m['schemas'][0].setdefault('views', [])
schema_views.append({'name': 'user_order_totals', 'kind': 'materialized',
                     'query': 'SELECT o.user_id, count(*) AS orders, sum(i.line_total) AS spent\n'
                              'FROM orders o JOIN order_items i ON i.order_id = o.order_id '
                              'AND i.created_at = o.created_at\nGROUP BY o.user_id',
                     'reads': ['orders', 'order_items'], 'refresh': {'every_s': 5},
                     'comment': 'FLAW (data/view-refresh-blocks-readers): refreshed without CONCURRENTLY while the order page reads it. FLAW (data/view-refresh-overlaps): a refresh takes about 9 s, every 5 s.'})
m['links'].append({'id': 'order-svc-shop-db-totals', 'from': 'order-svc', 'to': 'shop-db',
                   'kind': 'read', 'tls': True, 'timeout_ms': 500,
                   'tables': ['user_order_totals']})
# realtime/*: the order status gateway loses its queue limit, history and two replicas, drops
# the oldest message of a full queue although browsers need order; Redis loses its TTLs while
# deletes come by pub/sub (docs/realtime.md)
ws = C['order-updates']
ws['replicas'] = 1
del ws['realtime']['queue_bytes']
ws['realtime']['slow_consumer'] = 'drop_oldest'
del ws['realtime']['history_size']
flaw(ws, 'realtime/unbounded-outbound-queue', 'no outbound queue limit: a slow browser\'s queue grows without bound.')
flaw(ws, 'realtime/ordered-drop-oldest', 'drops the oldest queued status change of a slow browser, which needs them in order.')
flaw(ws, 'realtime/no-history', 'no history: a reconnecting browser loses every status change it missed.')
flaw(ws, 'realtime/single-replica', 'one replica: its crash disconnects every browser.')
C['redis']['ttl_s'] = 0
for k in C['redis']['key_classes']:
    k.pop('ttl_s', None)
flaw(C['redis'], 'realtime/pubsub-without-ttl', 'no TTL while deletes come by pub/sub: a lost notification leaves the key stale for ever.')
# lint/unused-suppression (and one suppression in use)
# (the e-commerce example's own suppression: the payment provider is one endpoint)
m['suppress'] = [s for s in m.get('suppress', []) if s['target'] == 'payment-gateway'] + [
    {'rule': 'reliability/single-point-of-failure', 'target': 'redis',
     'reason': 'FLAW (lint/unused-suppression): redis has two replicas, this suppression is stale.'},
]
# Written raw; canonicalize with: archsim-cli convert RAW resources/examples/ecommerce-flawed.json
json.dump(m, open(sys.argv[1] if len(sys.argv) > 1 else 'ecommerce-flawed-raw.json', 'w'), indent=2)
