#!/usr/bin/env python3
"""Adds the event-driven half of the e-commerce example (issue 18, docs/streams.md) to
resources/examples/ecommerce.json: order-svc publishes order status changes to the
order-events stream keyed by order id; a fulfilment tracker and a notification worker read it
in their own groups; the notifications feed an e-mail queue with a dead-letter queue; and the
stream demo pairs (outage and catch-up, poison message, ordering). Idempotent: what it adds is
replaced when it runs again. Canonicalise afterwards with
`archsim-cli convert resources/examples/ecommerce.json resources/examples/ecommerce.json --force`.
"""
import json, os, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'resources/examples/ecommerce.json')
m = json.load(open(path))

ZONES = ['zone-a', 'zone-b']
def worker(id, name, replicas, workers, dist, x, y, description):
    return {'id': id, 'kind': 'worker', 'name': name, 'description': description,
            'replicas': replicas, 'workers': workers, 'service_time': dist, 'queue_limit': 200,
            'zones': ZONES, 'position': {'x': x, 'y': y}}
def dlq(id, name, x, y):
    return {'id': id, 'kind': 'queue', 'name': name, 'replicas': 2, 'zones': ZONES,
            'queue': {'max_length': 1000000, 'retention_s': 1209600},
            'description': 'Dead letters, kept two weeks for a person to look at.',
            'position': {'x': x, 'y': y}}

# Positions fit the hand layout of scripts/examples/ecommerce.py (tst_examplelayout): the stream
# sits below order-queue, its consumers and queues to the right of the databases, all above
# payment-gateway so that the zone region does not take in that zone-less card.
components = [
    {'id': 'order-events', 'kind': 'stream', 'name': 'Order events (Kafka)', 'replicas': 3,
     'zones': ZONES, 'description': 'Append-only log of order status changes, keyed by order '
     'id so that each order\'s events stay in order.',
     'stream': {'partitions': 12, 'replication_factor': 3, 'retention_s': 604800,
                'message_bytes': 600},
     'position': {'x': 1184, 'y': 608}},
    worker('fulfilment-tracker', 'Fulfilment tracker', 2, 2,
           {'dist': 'lognormal', 'mean_ms': 150, 'cv': 1.0}, 1760, 544,
           'Follows each order through its states; needs them in order.'),
    worker('notification-worker', 'Notification worker', 2, 2,
           {'dist': 'exponential', 'mean_ms': 20}, 1760, 672,
           'Decides which status changes e-mail the shopper.'),
    {'id': 'email-queue', 'kind': 'queue', 'name': 'E-mail queue', 'replicas': 2,
     'zones': ZONES, 'description': 'E-mails to send; full at 50,000 (then new ones are refused).',
     'queue': {'visibility_timeout_s': 60, 'max_length': 50000, 'overflow': 'reject'},
     'position': {'x': 2048, 'y': 672}},
    worker('email-sender', 'E-mail sender', 2, 2, {'dist': 'lognormal', 'mean_ms': 400, 'cv': 1.0},
           2336, 672, 'Sends through the mail provider; 2% of attempts fail and are retried.'),
    dlq('order-events-dlq', 'Order events dead letters', 2048, 544),
    dlq('email-dlq', 'E-mail dead letters', 2336, 544),
]
def link(frm, to, kind, **kw):
    l = {'id': frm + '-' + to, 'from': frm, 'to': to, 'kind': kind, 'tls': True}
    l.update(kw)
    return l
links = [
    link('order-svc', 'order-events', 'publish', key={'keys': 500}),
    link('fulfilment-tracker', 'order-events', 'consume',
         consume={'group': 'fulfilment', 'dead_letter': 'order-events-dlq', 'max_attempts': 5,
                  'failure_probability': 0.001, 'ordered': True}),
    link('notification-worker', 'order-events', 'consume',
         consume={'group': 'notifications', 'dead_letter': 'order-events-dlq'}),
    link('notification-worker', 'email-queue', 'publish', probability=0.6),
    link('email-sender', 'email-queue', 'consume',
         consume={'dead_letter': 'email-dlq', 'max_attempts': 5, 'failure_probability': 0.02}),
]
outage = {'at_s': 60, 'action': 'crash', 'target': 'fulfilment-tracker', 'for_s': 120,
          'note': 'The fulfilment tracker goes down for two minutes: order events pile up in '
                  'its partitions; watch its lag and how long it takes to catch up.'}
poison = {'at_s': 60, 'action': 'poison', 'target': 'order-events',
          'note': 'An order event the tracker cannot parse arrives: every retry fails. Watch '
                  'whether its partition stops or the message is set aside.'}
peak = {'at_s': 30, 'action': 'load', 'target': 'shoppers', 'factor': 4, 'for_s': 240,
        'note': 'A flash sale: four times the shoppers, so orders change state quickly and '
                'one order\'s events are often in flight together.'}
scenarios = [
    {'id': 'consumer-outage', 'name': 'Consumer outage and catch-up (12 partitions)',
     'description': 'Demo pair with consumer-outage-one-partition: four tracker instances share '
                    'the 12 partitions and catch up in about half a minute.',
     'duration_s': 400, 'seed': 21, 'events': [outage]},
    {'id': 'consumer-outage-one-partition', 'name': 'Consumer outage, one partition',
     'description': 'The same outage with a single partition: one instance works, the others '
                    'sit idle, and the backlog drains at mu - lambda for minutes.',
     'duration_s': 400, 'seed': 21, 'events': [outage],
     'overrides': [{'target': 'order-events', 'set': {'stream': {'partitions': 1}}}]},
    {'id': 'poison-message', 'name': 'Poison message, set aside in a dead-letter queue',
     'description': 'Demo pair with poison-message-no-dlq.', 'duration_s': 300, 'seed': 23,
     'events': [poison]},
    {'id': 'poison-message-no-dlq', 'name': 'Poison message without a dead-letter queue',
     'description': 'The tracker retries the poison message forever: its partition stops and '
                    'its lag grows for the rest of the run.', 'duration_s': 300, 'seed': 23,
     'events': [poison],
     'overrides': [{'target': 'fulfilment-tracker-order-events',
                    'set': {'consume': {'dead_letter': None}}}]},
    {'id': 'ordering-keyed', 'name': 'Order events keyed by order id',
     'description': 'Demo pair with ordering-unkeyed: no order sees its events out of order.',
     'duration_s': 300, 'seed': 25, 'events': [peak]},
    {'id': 'ordering-unkeyed', 'name': 'Order events spread round robin',
     'description': 'The producer drops the key: one order\'s events land on different '
                    'partitions and the tracker processes some out of order.',
     'duration_s': 300, 'seed': 25, 'events': [peak],
     'overrides': [{'target': 'order-svc-order-events', 'set': {'key': {'by_key': False}}}]},
]

ids = {c['id'] for c in components}
m['components'] = [c for c in m['components'] if c['id'] not in ids] + components
lids = {l['id'] for l in links}
m['links'] = [l for l in m['links'] if l.get('id') not in lids] + links
sids = {s['id'] for s in scenarios}
m['scenarios'] = [s for s in m['scenarios'] if s['id'] not in sids] + scenarios
if 'order-events' not in m['description']:
    m['description'] += (' Order status changes flow through the order-events stream (keyed by '
                         'order id) to a fulfilment tracker and a notification worker, which '
                         'feeds an e-mail queue with a dead-letter queue.')
json.dump(m, open(path, 'w'), indent=2, ensure_ascii=False)
open(path, 'a').write('\n')
