"""Drives tempest's own ServersClient against the emulator, its response-schema validation on.

Usage: tempest_servers.py <emulator url> <user> <server id> <microversion>...

For each microversion: show <server id>, list, list detail, as <user> (password demo-password, domain
demo, project cn-north-4). Prints one JSON line per call: the call, the microversion, the body tempest
accepted, or the error tempest raised.

Debian's python3-tempest is tempest 33, whose schemas end at 2.79 (its last table entry serves every
later microversion). tempest master adds the server fields of 2.96 (pinned_availability_zone), 2.98
(image properties) and 2.100 (scheduler_hints) in tempest/lib/api_schema/response/compute/v2_96, v2_98
and v2_100/servers.py; the same additions are made here on top of tempest 33's own schema, so that a
Nova answer at those microversions is judged as tempest master judges it.
"""

import copy
import json
import sys
import types

from tempest.lib import auth
from tempest.lib.api_schema.response.compute.v2_1 import parameter_types
from tempest.lib.api_schema.response.compute.v2_79 import servers as schemav279
from tempest.lib.services.compute import base_compute_client
from tempest.lib.services.compute import servers_client


def _with_server_property(module, name, schema):
    """A copy of a schema module whose get_server and list_servers_detail gain a required property."""
    get_server = copy.deepcopy(module.get_server)
    detail = copy.deepcopy(module.list_servers_detail)
    for server in (get_server['response_body']['properties']['server'],
                   detail['response_body']['properties']['servers']['items']):
        server['properties'][name] = schema
        server['required'].append(name)
    return types.SimpleNamespace(get_server=get_server, list_servers_detail=detail,
                                 list_servers=copy.deepcopy(module.list_servers))


def _with_image_properties(module):
    """tempest master v2_98: the embedded image may carry its properties."""
    image_properties = {
        'type': 'object',
        'patternProperties': {
            '^[a-zA-Z0-9_:. ]{1,255}$': {
                'oneOf': [{'type': 'string', 'maxLength': 255}, {'type': 'null'}],
            },
        },
        'additionalProperties': False,
    }
    result = copy.deepcopy(module)
    for server in (result.get_server['response_body']['properties']['server'],
                   result.list_servers_detail['response_body']['properties']['servers']['items']):
        server['properties']['image']['oneOf'][0]['properties']['properties'] = image_properties
    return result


schemav296 = _with_server_property(schemav279, 'pinned_availability_zone',
                                   {'type': ['string', 'null']})
schemav298 = _with_image_properties(schemav296)
_server_id = {'type': 'string', 'format': 'uuid'}
schemav2100 = _with_server_property(schemav298, 'scheduler_hints', {
    'type': 'object',
    'properties': {
        'group': _server_id,
        'different_host': {'oneOf': [_server_id, {'type': 'array', 'items': _server_id}]},
        'same_host': {'type': ['string', 'array'], 'items': _server_id},
        'query': {'type': ['string', 'object']},
        'target_cell': {'type': 'string', 'minLength': 1, 'maxLength': 255, 'format': 'name'},
        'different_cell': {'type': ['string', 'array'], 'items': {'type': 'string'}},
        'build_near_host_ip': parameter_types.ip_address,
        'cidr': {'type': 'string', 'pattern': '^/[0-9a-f.:]+$'},
    },
    'additionalProperties': True,
})

SCHEMA_VERSIONS_INFO = (
    [dict(item) for item in servers_client.ServersClient.schema_versions_info[:-1]]
    + [{'min': '2.79', 'max': '2.95', 'schema': schemav279},
       {'min': '2.96', 'max': '2.97', 'schema': schemav296},
       {'min': '2.98', 'max': '2.99', 'schema': schemav298},
       {'min': '2.100', 'max': None, 'schema': schemav2100}])


def main():
    base_url, user, server_id = sys.argv[1:4]
    versions = sys.argv[4:]
    credentials = auth.KeystoneV3Credentials(
        username=user, password='demo-password', user_domain_name='demo',
        project_name='cn-north-4', project_domain_name='demo')
    provider = auth.KeystoneV3AuthProvider(credentials, base_url + '/v3')
    client = servers_client.ServersClient(provider, 'compute', 'cn-north-4')
    client.schema_versions_info = SCHEMA_VERSIONS_INFO
    calls = {
        'show': lambda: client.show_server(server_id),
        'list': lambda: client.list_servers(),
        'detail': lambda: client.list_servers(detail=True),
    }
    for version in versions:
        base_compute_client.COMPUTE_MICROVERSION = version
        for name, call in calls.items():
            line = {'user': user, 'version': version, 'call': name}
            try:
                line['body'] = dict(call())
            except Exception as error:  # every failure is reported, the test names it
                line['error'] = '%s: %s' % (type(error).__name__, error)
            print(json.dumps(line), flush=True)


if __name__ == '__main__':
    main()
